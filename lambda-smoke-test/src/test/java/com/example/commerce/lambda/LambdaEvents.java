package com.example.commerce.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** Events in the JSON shapes AWS delivers them to a function, one per trigger type of template.yaml. */
final class LambdaEvents {

    private LambdaEvents() {
    }

    /** An API Gateway HTTP API request, payload format 2.0, on the route {@code ANY /api/{proxy+}}. */
    static String httpApi(String method, String path, String jsonBody) {
        return httpApi(method, path, Map.of(), jsonBody);
    }

    /** With query parameters (plain words: they are sent as they are). */
    static String httpApi(String method, String path, Map<String, String> query, String jsonBody) {
        String raw = query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String parameters = query.entrySet().stream().map(e -> quoted(e.getKey()) + ":" + quoted(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        return """
                {"version":"2.0","routeKey":"ANY /api/{proxy+}","rawPath":"%2$s","rawQueryString":"%4$s",
                 "queryStringParameters":%5$s,
                 "headers":{"content-type":"application/json","accept":"application/json",
                            "host":"abc123.execute-api.eu-west-1.amazonaws.com"},
                 "requestContext":{"accountId":"123456789012","apiId":"abc123",
                   "domainName":"abc123.execute-api.eu-west-1.amazonaws.com","domainPrefix":"abc123",
                   "http":{"method":"%1$s","path":"%2$s","protocol":"HTTP/1.1","sourceIp":"203.0.113.10",
                           "userAgent":"lambda-smoke-test"},
                   "requestId":"smoke-request","routeKey":"ANY /api/{proxy+}","stage":"$default",
                   "time":"21/Nov/2026:10:00:00 +0000","timeEpoch":1795255200000},
                 "body":%3$s,"isBase64Encoded":false}""".formatted(method, path, jsonBody == null ? "null" : quoted(jsonBody), raw,
                parameters);
    }

    /** An EventBridge scheduled event, as {@code rate(1 minute)} sends it. */
    static String schedule() {
        return """
                {"version":"0","id":"5b0f4c1e-smoke","detail-type":"Scheduled Event","source":"aws.events",
                 "account":"123456789012","time":"2026-11-21T10:00:00Z","region":"eu-west-1",
                 "resources":["arn:aws:events:eu-west-1:123456789012:rule/commerce-OutboxRelayFunctionEveryMinute"],
                 "detail":{}}""";
    }

    /** An MSK batch with one record on partition 0 of {@code topic}: key and value base64, as MSK sends them. */
    static String msk(String topic, long key, String value) {
        return """
                {"eventSource":"aws:kafka",
                 "eventSourceArn":"arn:aws:kafka:eu-west-1:123456789012:cluster/commerce/abc-1",
                 "bootstrapServers":"b-1.commerce.abc.kafka.eu-west-1.amazonaws.com:9098",
                 "records":{"%1$s-0":[{"topic":"%1$s","partition":0,"offset":42,"timestamp":1795255200000,
                   "timestampType":"CREATE_TIME","key":"%2$s","value":"%3$s","headers":[]}]}}"""
                .formatted(topic, base64(String.valueOf(key)), base64(value));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
