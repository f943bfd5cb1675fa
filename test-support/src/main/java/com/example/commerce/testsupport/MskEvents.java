package com.example.commerce.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The JSON of an MSK trigger's event, in the shape MSK delivers it: base64 keys and values, header values as arrays
 * of signed bytes. Handlers read it with their own JSON mapper, as the Lambda runtime does.
 */
public final class MskEvents {

    private MskEvents() {
    }

    /**
     * One record per value, all with {@code key} and {@code headers}, on partition 0 of {@code topic} at offsets
     * from {@code firstOffset}.
     */
    public static String json(String topic, long firstOffset, String key, Map<String, String> headers,
                              String... values) {
        var records = new StringJoiner(",");
        for (int i = 0; i < values.length; i++) {
            records.add("""
                    {"topic":"%s","partition":0,"offset":%d,"timestamp":1763719200000,
                     "timestampType":"CREATE_TIME","key":"%s","value":"%s","headers":%s}"""
                    .formatted(topic, firstOffset + i, base64(key), base64(values[i]), headers(headers)));
        }
        return """
                {"eventSource":"aws:kafka",
                 "eventSourceArn":"arn:aws:kafka:eu-west-1:123456789012:cluster/commerce/abc",
                 "bootstrapServers":"b-1.commerce.kafka.eu-west-1.amazonaws.com:9098",
                 "records":{"%s-0":[%s]}}""".formatted(topic, records);
    }

    private static String headers(Map<String, String> headers) {
        var list = new StringJoiner(",", "[", "]");
        headers.forEach((name, value) -> {
            var bytes = new StringJoiner(",", "[", "]");
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                bytes.add(String.valueOf(b));
            }
            list.add("{\"%s\":%s}".formatted(name, bytes));
        });
        return list.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
