package com.example.commerce.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalysisNoriPluginTest {

    @TempDir
    Path plugins;

    @Test
    void laysOutAStablePluginWithTheOfficialNames() throws IOException {
        var plugin = AnalysisNoriPlugin.fromClasspath();

        plugin.installInto(plugins);

        Path dir = plugins.resolve("analysis-nori");
        var descriptor = new Properties();
        try (var in = Files.newInputStream(dir.resolve("stable-plugin-descriptor.properties"))) {
            descriptor.load(in);
        }
        assertEquals("analysis-nori", descriptor.getProperty("name"));
        assertEquals(EmbeddedElasticsearch.Distribution.fromBuild().version(), descriptor.getProperty("elasticsearch.version"),
                "built for the embedded server's version");
        String components = Files.readString(dir.resolve("named_components.json"));
        for (String name : new String[] {"nori_tokenizer", "nori_part_of_speech", "nori_readingform"}) {
            assertTrue(components.contains('"' + name + '"'), name);
        }
        try (var jar = new JarFile(dir.resolve("analysis-nori-plugin.jar").toFile())) {
            assertNotNull(jar.getEntry("com/example/commerce/analysis/nori/NoriTokenizerFactory.class"));
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("lucene-analysis-nori-.*\\.jar")));
        }
        assertEquals(plugin.fingerprint(), AnalysisNoriPlugin.fromClasspath().fingerprint(), "stable");
    }
}
