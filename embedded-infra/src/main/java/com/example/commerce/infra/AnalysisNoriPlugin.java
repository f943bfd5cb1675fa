package com.example.commerce.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Korean analysis for the embedded server: the stable plugin of module {@code analysis-nori-plugin} (its jar, Lucene's
 * nori jar, its descriptor and named-components file), laid out as Elasticsearch expects in
 * {@code plugins/analysis-nori}. The integ-test distribution has no plugins, and production installs the official
 * analysis-nori, which registers the same names; so the one index mapping works in both.
 *
 * <p>The pieces are found on this class path, so that a build uses the plugin built from its own sources: the plugin
 * module is either a jar or, within a reactor build that has not packaged it, a classes directory (jarred here).
 */
final class AnalysisNoriPlugin {

    static final String NAME = "analysis-nori";
    private static final String RESOURCES = "META-INF/elasticsearch-plugin/";
    private static final String DESCRIPTOR = "stable-plugin-descriptor.properties";
    private static final String NAMED_COMPONENTS = "named_components.json";
    private static final String NORI_CLASS = "org/apache/lucene/analysis/ko/KoreanTokenizer.class";

    private final URL descriptor;
    private final URL namedComponents;
    private final Path noriJar;

    private AnalysisNoriPlugin(URL descriptor, URL namedComponents, Path noriJar) {
        this.descriptor = descriptor;
        this.namedComponents = namedComponents;
        this.noriJar = noriJar;
    }

    static AnalysisNoriPlugin fromClasspath() {
        ClassLoader loader = AnalysisNoriPlugin.class.getClassLoader();
        URL descriptor = loader.getResource(RESOURCES + DESCRIPTOR);
        URL namedComponents = loader.getResource(RESOURCES + NAMED_COMPONENTS);
        URL nori = loader.getResource(NORI_CLASS);
        if (descriptor == null || namedComponents == null || nori == null) {
            throw new InfrastructureException("""
                    The analysis-nori plugin for the embedded Elasticsearch is not on the class path (module \
                    analysis-nori-plugin and lucene-analysis-nori).
                    Fix: build with -am so that analysis-nori-plugin is built, or set ELASTICSEARCH_HTTP_HOSTS to a \
                    cluster with analysis-nori installed.""");
        }
        return new AnalysisNoriPlugin(descriptor, namedComponents, containingJar(nori));
    }

    /** Changes whenever any piece of the plugin does, so that a home with an older build is never reused. */
    String fingerprint() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(read(descriptor));
            digest.update(read(namedComponents));
            digest.update(noriJar.getFileName().toString().getBytes());
            Path plugin = pluginCode();
            if (Files.isDirectory(plugin)) {
                for (Path file : classFiles(plugin)) {
                    digest.update(plugin.relativize(file).toString().getBytes());
                    digest.update(Files.readAllBytes(file));
                }
            } else {
                digest.update(Files.readAllBytes(plugin));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the plugin into {@code pluginsDir/analysis-nori}. */
    void installInto(Path pluginsDir) throws IOException {
        Path target = Files.createDirectories(pluginsDir.resolve(NAME));
        Files.write(target.resolve(DESCRIPTOR), read(descriptor));
        Files.write(target.resolve(NAMED_COMPONENTS), read(namedComponents));
        Files.copy(noriJar, target.resolve(noriJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path plugin = pluginCode();
        if (Files.isDirectory(plugin)) {
            jar(plugin, target.resolve("analysis-nori-plugin.jar"));
        } else {
            Files.copy(plugin, target.resolve("analysis-nori-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The jar or classes directory that holds the plugin's descriptor, hence its classes. */
    private Path pluginCode() {
        if ("jar".equals(descriptor.getProtocol())) {
            return containingJar(descriptor);
        }
        try {
            // .../classes/META-INF/elasticsearch-plugin/stable-plugin-descriptor.properties
            return Path.of(descriptor.toURI()).getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path containingJar(URL resource) {
        try {
            var connection = (JarURLConnection) resource.openConnection();
            return Path.of(connection.getJarFileURL().toURI());
        } catch (IOException | URISyntaxException | ClassCastException e) {
            throw new InfrastructureException("Cannot locate the jar of " + resource + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> classFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : classFiles(classes)) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
