package com.example.commerce.infra;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticsearchDistributionTest {

    @TempDir
    Path dir;

    private final String version = "0.0.0-test-" + UUID.randomUUID();

    @AfterEach
    void removeUnpackedCopy() {
        Directories.deleteRecursively(Path.of(System.getProperty("java.io.tmpdir"), "commerce-embedded",
                "elasticsearch-" + version));
    }

    @Test
    void unpacksOnceWithExecutableLaunchers() throws IOException {
        Path zip = dir.resolve("es.zip");
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            entry(out, "elasticsearch-" + version + "/bin/elasticsearch", "#!/bin/sh\n");
            entry(out, "elasticsearch-" + version + "/config/elasticsearch.yml", "cluster.name: x\n");
        }
        var distribution = new EmbeddedElasticsearch.Distribution(version, zip);

        Path home = distribution.unpacked();

        assertTrue(Files.isExecutable(home.resolve("bin/elasticsearch")));
        assertFalse(Files.isExecutable(home.resolve("config/elasticsearch.yml")));
        assertEquals("cluster.name: x\n", Files.readString(home.resolve("config/elasticsearch.yml")));
        Files.delete(zip);
        assertEquals(home, distribution.unpacked(), "a complete copy is reused without the zip");
    }

    @Test
    void aMissingDistributionNamesTheFix() {
        var distribution = new EmbeddedElasticsearch.Distribution(version, dir.resolve("absent.zip"));

        var failure = assertThrows(InfrastructureException.class, distribution::unpacked);

        assertTrue(failure.getMessage().contains("is not in the local Maven repository"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Fix: run ./mvnw"), failure.getMessage());
    }

    @Test
    void aDamagedDistributionNamesTheFix() throws IOException {
        Path zip = Files.writeString(dir.resolve("damaged.zip"), "not a zip");

        var failure = assertThrows(InfrastructureException.class,
                () -> new EmbeddedElasticsearch.Distribution(version, zip).unpacked());

        assertTrue(failure.getMessage().contains("is damaged"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Fix: delete it"), failure.getMessage());
    }

    private static void entry(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
