package com.example.commerce.analysis.nori;

import org.elasticsearch.plugin.NamedComponent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Elasticsearch finds a stable plugin's components through {@code named_components.json} alone (written by hand
 * here, where Elastic's Gradle build would generate it): it must list every component under its interface, by the
 * name its {@link NamedComponent} annotation gives.
 */
class NamedComponentsTest {

    private static final Pattern INTERFACE = Pattern.compile("\"([\\w.]+)\"\\s*:\\s*\\{([^}]*)}");
    private static final Pattern COMPONENT = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([\\w.]+)\"");

    @Test
    void everyComponentIsListedUnderItsInterfaceAndName() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/elasticsearch-plugin/named_components.json")) {
            assertNotNull(in);
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Class<?>> listed = new HashMap<>();
        var interfaces = INTERFACE.matcher(json);
        while (interfaces.find()) {
            Class<?> extensible = Class.forName(interfaces.group(1));
            var components = COMPONENT.matcher(interfaces.group(2));
            while (components.find()) {
                Class<?> component = Class.forName(components.group(2));
                assertTrue(extensible.isAssignableFrom(component), component + " implements " + extensible);
                assertEquals(components.group(1), component.getAnnotation(NamedComponent.class).value());
                listed.put(components.group(1), component);
            }
        }
        assertEquals(Map.of("nori_tokenizer", NoriTokenizerFactory.class,
                "nori_part_of_speech", NoriPartOfSpeechFilterFactory.class,
                "nori_readingform", NoriReadingFormFilterFactory.class), listed);
    }

    @Test
    void settingsAreCheckedWithAMessageNamingTheComponent() {
        var mode = assertThrows(IllegalArgumentException.class,
                () -> NoriTokenizerFactory.decompoundMode("both"));
        assertTrue(mode.getMessage().contains("decompound_mode must be none, discard or mixed"), mode.getMessage());
        var tag = assertThrows(IllegalArgumentException.class,
                () -> NoriPartOfSpeechFilterFactory.stopTags(List.of("J", "NOPE")));
        assertTrue(tag.getMessage().contains("unknown part-of-speech tag [NOPE]"), tag.getMessage());
        assertEquals(2, NoriPartOfSpeechFilterFactory.stopTags(List.of("J", "E")).size());
    }
}
