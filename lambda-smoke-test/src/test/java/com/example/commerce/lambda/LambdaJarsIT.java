package com.example.commerce.lambda;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.Sasl;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Lambda jars hold, checked on the packaged jars themselves: their size, what each leaves out, and that the
 * parts trimmed from shared dependencies still work where the template uses them. No servers needed.
 */
class LambdaJarsIT {

    /** The size goal of every function's Lambda jar, in bytes (30 MB). */
    static final long GOAL_BYTES = 30_000_000L;

    static final Path ROOT = LocalLambdaStack.ROOT;

    SamTemplate template;

    @BeforeEach
    void readTemplate() throws Exception {
        template = SamTemplate.read(ROOT.resolve("template.yaml"));
    }

    @AfterEach
    void clearCredentials() {
        List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken", "aws.region")
                .forEach(System::clearProperty);
    }

    /** Each Lambda jar with the functions deployed from it. */
    Map<Path, List<SamTemplate.LambdaFunction>> functionsByJar() {
        var jars = new TreeMap<Path, List<SamTemplate.LambdaFunction>>();
        template.functions().keySet().stream().map(function -> template.function(function, ROOT))
                .forEach(function -> jars.computeIfAbsent(function.jar(), jar -> new ArrayList<>()).add(function));
        return jars;
    }

    @Test
    void everyJarStaysUnderTheGoal() throws Exception {
        var over = new TreeSet<String>();
        for (Path jar : functionsByJar().keySet()) {
            String module = ROOT.relativize(jar).getName(0).toString();
            long size = Files.size(jar);
            if (size > GOAL_BYTES) {
                over.add("%s: %,d bytes > %,d".formatted(module, size, GOAL_BYTES));
            }
        }
        assertEquals(new TreeSet<String>(), over, "Lambda jars over their ceiling");
    }

    /** The functions' configuration is in properties files: no jar carries a YAML parser or a YAML file to parse. */
    @Test
    void noJarStartsAYamlParser() throws Exception {
        for (Path jar : functionsByJar().keySet()) {
            try (var zip = new ZipFile(jar.toFile())) {
                var names = zip.stream().map(ZipEntry::getName).toList();
                assertEquals(List.of(), names.stream().filter(name -> name.startsWith("org/yaml/snakeyaml/")
                        || name.matches("application[^/]*\\.ya?ml")).limit(3).toList(), jar + " carries YAML configuration");
                assertTrue(names.contains("application.properties") && names.contains("application-function.properties"),
                        jar + ": its configuration");
            }
        }
    }

    /**
     * The functions speak to Elasticsearch through its low-level client: no jar carries the typed client nor the
     * micronaut-elasticsearch beans that would build it (their classes could not load), and the search and indexing
     * paths run from the jars in LambdaHandlersIT.
     */
    @Test
    void noJarCarriesTheTypedElasticsearchClient() throws Exception {
        String beans = "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/io.micronaut.elasticsearch.";
        for (Path jar : functionsByJar().keySet()) {
            try (var zip = new ZipFile(jar.toFile())) {
                var names = zip.stream().map(ZipEntry::getName).toList();
                assertEquals(List.of(), names.stream().filter(name -> name.startsWith("co/elastic/")
                        || name.startsWith("jakarta/json/") || name.startsWith(beans + "$DefaultElasticsearchClientFactory")
                        || name.startsWith(beans + "health.")).limit(3).toList(), jar + " carries the typed client");
                assertEquals(List.of(), names.stream().filter(name -> name.startsWith("org/apache/kafka/common/message/")
                        && name.contains("JsonConverter")).limit(3).toList(), jar + " carries Kafka's JSON converters");
            }
        }
    }

    @Test
    void noJarRegistersKafkaListenerProcessingNorAwsEventTypesNoFunctionReceives() throws Exception {
        String processor = "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/"
                + "io.micronaut.configuration.kafka.processor.";
        String eventTypes = "META-INF/micronaut/io.micronaut.core.beans.BeanIntrospectionReference/"
                + "io.micronaut.aws.lambda.events.serde.$com_amazonaws_services_lambda_runtime_events_";
        var received = List.of("APIGatewayV2HTTP", "KafkaEvent", "ScheduledEvent");
        for (Path jar : functionsByJar().keySet()) {
            try (var zip = new ZipFile(jar.toFile())) {
                var names = zip.stream().map(ZipEntry::getName).toList();
                assertEquals(List.of(), names.stream().filter(name -> name.startsWith(processor)).toList(),
                        jar + " registers micronaut-kafka's listener processor (and with it an admin client)");
                var introspected = names.stream().filter(name -> name.startsWith(eventTypes))
                        .map(name -> name.substring(eventTypes.length())).toList();
                assertEquals(List.of(), introspected.stream()
                        .filter(type -> received.stream().noneMatch(type::startsWith)).toList(), jar.toString());
                for (String type : received) {
                    assertTrue(introspected.stream().anyMatch(name -> name.startsWith(type)), jar + ": " + type);
                }
            }
        }
    }

    /**
     * Each jar leaves out logback's XML configuration and file and network appenders (pom.xml): what is left writes
     * the JSON lines CloudWatch reads, with the MDC and the throwable, also for the Commons Logging API the
     * Elasticsearch client logs through, also after Micronaut's logging system configured logback again (as it does
     * when a logger.* property is set) and with a logback.configurationFile named, and logback reports no error.
     */
    @Test
    void everyJarLogsJsonLinesOnLambda() throws Exception {
        String probeClasses = Path.of(LogLineProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        for (Path jar : functionsByJar().keySet()) {
            boolean jcl;
            try (var zip = new ZipFile(jar.toFile())) {
                jcl = zip.getEntry("org/apache/commons/logging/LogFactory.class") != null;
            }
            // A logback.configurationFile named anyway is not read: the jars carry no XML configurator.
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dlogback.configurationFile=/nonexistent/logback.xml",
                    "-cp", jar + java.io.File.pathSeparator + probeClasses, LogLineProbe.class.getName()));
            if (jcl) {
                command.add("jcl");
            }
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().remove("LOG_LEVEL");
            builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "LogLineProbe");
            var process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), jar + ": " + output);
            var lines = output.lines().toList();
            assertEquals(jcl ? 3 : 2, lines.size(), jar + ": " + output);
            assertTrue(lines.stream().allMatch(line -> line.startsWith("{\"timestamp\":") && line.endsWith("}")
                    && line.contains("\"mdc\": {\"traceId\":\"probe-trace\"}")), jar + ": " + output);
            assertTrue(lines.get(0).contains("\"level\":\"INFO\"") && lines.get(0).contains("\"formattedMessage\":\"plain line\""),
                    jar + ": " + lines.get(0));
            assertTrue(lines.get(1).contains("\"level\":\"WARN\"")
                    && lines.get(1).contains("\"className\":\"java.lang.IllegalStateException\""), jar + ": " + lines.get(1));
            assertTrue(!jcl || lines.get(2).contains("\"loggerName\":\"probe.jcl\"")
                    && lines.get(2).contains("\"formattedMessage\":\"commons logging line\""), jar + ": " + output);
        }
    }

    @Test
    void onlyTheRelayCarriesFlywayAndOnlyReadersOfTopicsCarryCodecs() throws Exception {
        for (var entry : functionsByJar().entrySet()) {
            Path jar = entry.getKey();
            boolean migrates = entry.getValue().stream().anyMatch(function ->
                    "true".equals(String.valueOf(function.environment().get("FLYWAY_DATASOURCES_DEFAULT_ENABLED"))));
            try (var zip = new ZipFile(jar.toFile())) {
                var names = zip.stream().map(ZipEntry::getName).toList();
                assertEquals(migrates, names.contains("org/flywaydb/core/Flyway.class"), jar + ": Flyway");
                if (!names.contains("com/github/luben/zstd/Zstd.class")) {
                    // No compression codec in the jar: its functions must never ask for one.
                    assertTrue(names.stream().noneMatch(name -> name.startsWith("org/xerial/snappy/")
                            || name.startsWith("net/jpountz/")), jar + " carries half of the codecs");
                    for (String name : names) {
                        if (name.matches("application[^/]*\\.properties")) {
                            String properties = new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(),
                                    StandardCharsets.UTF_8);
                            assertTrue(properties.lines().filter(line -> line.contains("compression.type"))
                                    .allMatch(line -> line.trim().endsWith("compression.type=none")), jar + ": " + name);
                        }
                    }
                    entry.getValue().forEach(function -> assertTrue(function.environment().keySet().stream()
                            .noneMatch(key -> key.contains("COMPRESSION")), function.logicalId() + " sets a compression"));
                    continue;
                }
                // The codecs' natives for the functions' platform, Linux on x86_64, and for no other.
                assertEquals(List.of("x86_64"), template.globals().get("Architectures"), "the jars' natives are x86_64's");
                entry.getValue().forEach(function -> assertTrue(!template.functions().get(function.logicalId())
                        .containsKey("Architectures"), function.logicalId() + " sets its own architecture"));
                assertTrue(names.contains("linux/amd64/libzstd-jni-1.5.6-4.so"), jar + ": zstd");
                assertTrue(names.contains("org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so"), jar + ": snappy");
                assertTrue(names.contains("net/jpountz/util/linux/amd64/liblz4-java.so"), jar + ": lz4");
                var foreign = names.stream().filter(name -> name.matches(
                        "(.*/)?(lib(zstd-jni|snappyjava|lz4-java)[^/]*)") && !name.startsWith("linux/amd64/")
                        && !name.contains("/Linux/x86_64/") && !name.contains("/linux/amd64/")).limit(3).toList();
                assertEquals(List.of(), foreign, jar + " carries natives for other platforms");
            }
        }
    }

    /**
     * The jars leave out the classes of Kafka's client-metrics push; the functions' configuration turns the push off,
     * and with it a producer, a consumer and an admin client start from each jar's own classes.
     */
    @Test
    void kafkaClientsStartFromEveryJarWithoutTheMetricsPush() throws Exception {
        for (Path jar : functionsByJar().keySet()) {
            var previous = Thread.currentThread().getContextClassLoader();
            try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                 var functionConfig = loader.getResourceAsStream("application-function.properties")) {
                // Kafka loads the classes its configuration names through the context class loader.
                Thread.currentThread().setContextClassLoader(loader);
                assertTrue(functionConfig != null, jar + ": application-function.properties");
                assertTrue(new String(functionConfig.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .anyMatch("kafka.enable.metrics.push=false"::equals), jar + ": metrics push not off");
                assertTrue(loader.getResource("org/apache/kafka/shaded/com/google/protobuf/Message.class") == null,
                        jar + " carries Kafka's shaded protobuf");
                var config = new java.util.Properties();
                config.put("bootstrap.servers", "127.0.0.1:9");
                config.put("enable.metrics.push", "false");
                config.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
                config.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
                config.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
                config.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
                for (String client : List.of("org.apache.kafka.clients.producer.KafkaProducer",
                        "org.apache.kafka.clients.consumer.KafkaConsumer")) {
                    var instance = loader.loadClass(client).getConstructor(java.util.Properties.class).newInstance(config);
                    ((AutoCloseable) instance).close();
                }
                var admin = loader.loadClass("org.apache.kafka.clients.admin.Admin")
                        .getMethod("create", java.util.Properties.class).invoke(null, config);
                ((AutoCloseable) admin).close();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    /**
     * The functions that talk to MSK authenticate with IAM (aws-msk-iam-auth, named in their environment). Their jars
     * leave out the AWS SDK's STS, SSO and HTTP clients, which only a role to assume or an SSO profile would use:
     * this runs the SASL client from each jar, as Kafka's client does, and checks the signed payload it sends.
     */
    @Test
    void mskIamAuthenticationSignsFromEveryJarThatNeedsIt() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        System.setProperty("aws.sessionToken", "session-token-example");
        int checked = 0;
        for (var entry : functionsByJar().entrySet()) {
            // The jars carry no STS or SSO client (pom.xml): a role to assume or a profile would fail at the first
            // log-in, so no function may name one.
            entry.getValue().forEach(function -> assertTrue(String.valueOf(function.environment()
                    .get("KAFKA_SASL_JAAS_CONFIG")).matches("software\\.amazon\\.msk\\.auth\\.iam\\.IAMLoginModule required;|null"),
                    function.logicalId() + ": " + function.environment().get("KAFKA_SASL_JAAS_CONFIG")));
            var iam = entry.getValue().stream().map(SamTemplate.LambdaFunction::environment)
                    .filter(environment -> "AWS_MSK_IAM".equals(environment.get("KAFKA_SASL_MECHANISM"))).findFirst();
            if (iam.isEmpty()) {
                continue;
            }
            var environment = iam.get();
            String payload = signedPayload(entry.getKey(), (String) environment.get("KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS"));
            assertTrue(payload.contains("\"x-amz-credential\":\"AKIDEXAMPLE/"), entry.getKey() + ": " + payload);
            assertTrue(payload.contains("/eu-west-1/kafka-cluster/aws4_request"), entry.getKey() + ": " + payload);
            assertTrue(payload.matches("(?s).*\"x-amz-signature\":\"[0-9a-f]{64}\".*"), entry.getKey() + ": " + payload);
            assertTrue(payload.contains("\"x-amz-security-token\":\"session-token-example\""), entry.getKey() + ": " + payload);
            checked++;
        }
        assertEquals(5, checked, "jars checked: " + checked);
    }

    /** The first SASL message a Kafka client would send to a broker in eu-west-1, from the jar's own classes. */
    private static String signedPayload(Path jar, String callbackHandlerClass) throws Exception {
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            var previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                // Loading the login module registers its SASL client factory, as Kafka's JAAS login does.
                Class.forName("software.amazon.msk.auth.iam.IAMLoginModule", true, loader);
                var handler = loader.loadClass(callbackHandlerClass).getConstructor().newInstance();
                handler.getClass().getMethod("configure", Map.class, String.class, List.class)
                        .invoke(handler, Map.of(), "AWS_MSK_IAM", List.of(new AppConfigurationEntry(
                                "software.amazon.msk.auth.iam.IAMLoginModule",
                                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())));
                String mechanism = (String) loader.loadClass("software.amazon.msk.auth.iam.internals.IAMSaslClient")
                        .getMethod("getMechanismNameForClassLoader", ClassLoader.class).invoke(null, loader);
                var client = Sasl.createSaslClient(new String[] {mechanism}, null, "kafka",
                        "b-1.commerce.abc123.c2.kafka.eu-west-1.amazonaws.com", Map.of(), (CallbackHandler) handler);
                assertTrue(client != null, jar + ": no SASL client for " + mechanism);
                return new String(client.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }
}
