package com.example.commerce.lambda;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions of template.yaml as SAM would deploy them: handler, code location and environment (globals merged
 * with the function's own). CloudFormation's short-form functions ({@code !Ref}, {@code !Sub}) are kept as
 * {@link Intrinsic} values and resolved against parameter values given by the caller.
 */
record SamTemplate(Map<String, Object> globals, Map<String, Map<String, Object>> functions) {

    /** A CloudFormation intrinsic function in short form, e.g. {@code !Ref ElasticsearchUrl}. */
    record Intrinsic(String name, Object argument) {
    }

    /** One function: the values the smoke test and the cold-start benchmark need. */
    record LambdaFunction(String logicalId, String handler, Path jar, Map<String, Object> environment) {
    }

    static SamTemplate read(Path file) throws IOException {
        var yaml = new Yaml(new IntrinsicTolerantConstructor());
        Map<String, Object> root = yaml.load(Files.readString(file));
        var functions = new LinkedHashMap<String, Map<String, Object>>();
        map(root.get("Resources")).forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                functions.put(id, map(map(resource).get("Properties")));
            }
        });
        return new SamTemplate(map(map(root.get("Globals")).get("Function")), functions);
    }

    LambdaFunction function(String logicalId, Path root) {
        Map<String, Object> properties = functions.get(logicalId);
        if (properties == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        var environment = new LinkedHashMap<String, Object>(variables(globals));
        environment.putAll(variables(properties));
        return new LambdaFunction(logicalId, (String) properties.get("Handler"),
                packagedJar(logicalId, root.resolve((String) properties.get("CodeUri"))), environment);
    }

    /**
     * The jar that {@code sam build} unpacks for the function: its CodeUri directory's Makefile has a target
     * {@code build-<logicalId>} (BuildMethod makefile) that unzips {@code target/<...>-lambda.jar}.
     */
    private static Path packagedJar(String logicalId, Path codeUri) {
        try {
            List<String> makefile = Files.readAllLines(codeUri.resolve("Makefile"));
            int target = makefile.indexOf("build-" + logicalId + ":");
            if (target < 0 || target + 1 >= makefile.size()) {
                throw new IllegalStateException(codeUri.resolve("Makefile") + " has no target build-" + logicalId);
            }
            Matcher unzip = Pattern.compile("unzip .*?(\\S+\\.jar) -d \"\\$\\(ARTIFACTS_DIR\\)\"")
                    .matcher(makefile.get(target + 1));
            if (!unzip.find()) {
                throw new IllegalStateException("build-" + logicalId + " does not unzip a jar into ARTIFACTS_DIR");
            }
            var jars = new ArrayList<Path>();
            var glob = codeUri.getFileSystem().getPathMatcher("glob:" + unzip.group(1));
            try (var files = Files.walk(codeUri, 2)) {
                files.filter(file -> glob.matches(codeUri.relativize(file))).forEach(jars::add);
            }
            if (jars.size() != 1) {
                throw new IllegalStateException("Expected one " + unzip.group(1) + " in " + codeUri + ", found "
                        + jars + ": ./mvnw verify (or package) builds it before this test runs");
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment with {@code !Ref} and {@code !Sub} resolved: {@code parameters} gives a parameter's value,
     * {@code secrets} the value of a Secrets Manager dynamic reference's JSON key.
     */
    static Map<String, String> resolve(Map<String, Object> environment, Function<String, String> parameters,
                                       Function<String, String> secrets) {
        var resolved = new LinkedHashMap<String, String>();
        environment.forEach((name, value) -> resolved.put(name, resolve(value, parameters, secrets)));
        return resolved;
    }

    private static String resolve(Object value, Function<String, String> parameters, Function<String, String> secrets) {
        if (value instanceof Intrinsic intrinsic && intrinsic.name().equals("!Ref")) {
            return parameters.apply((String) intrinsic.argument());
        }
        if (value instanceof Intrinsic intrinsic && intrinsic.name().equals("!Sub")
                && intrinsic.argument() instanceof String text) {
            var secret = Pattern.compile("\\{\\{resolve:secretsmanager:.*:SecretString:([^:}]+)}}")
                    .matcher(text);
            if (secret.matches()) {
                return secrets.apply(secret.group(1));
            }
            var reference = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}").matcher(text);
            return reference.replaceAll(match -> parameters.apply(match.group(1)));
        }
        if (value instanceof Intrinsic intrinsic) {
            throw new IllegalArgumentException("Cannot resolve " + intrinsic + " in an environment variable");
        }
        return String.valueOf(value);
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        return map(map(properties.get("Environment")).get("Variables"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    /** Reads a tag it does not know ({@code !Ref}, {@code !Sub}, {@code !Select}...) as an {@link Intrinsic}. */
    private static final class IntrinsicTolerantConstructor extends SafeConstructor {

        IntrinsicTolerantConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String name = node.getTag().getValue();
                    if (node instanceof ScalarNode scalar) {
                        return new Intrinsic(name, scalar.getValue());
                    }
                    if (node instanceof SequenceNode sequence) {
                        return new Intrinsic(name, constructSequence(sequence));
                    }
                    return new Intrinsic(name, constructMapping((MappingNode) node));
                }
            });
        }
    }
}
