package com.example.commerce.platform.secrets;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 of one request with a body, all headers signed: the few lines the Secrets Manager call
 * needs, instead of an AWS SDK on every function's classpath and in its cold start.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
public final class SigV4 {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SigV4() {
    }

    /**
     * @param headers the request's headers other than Host (taken from the URI)
     * @return the headers to send: {@code headers} plus X-Amz-Date, X-Amz-Security-Token (with a session token)
     * and Authorization
     */
    public static Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
                                    AwsCredentials credentials, String region, String service, Instant now) {
        String timestamp = TIMESTAMP.format(now);
        String date = timestamp.substring(0, 8);
        var signed = new LinkedHashMap<>(headers);
        signed.put("X-Amz-Date", timestamp);
        if (credentials.sessionToken() != null) {
            signed.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        var canonicalHeaders = new TreeMap<String, String>();
        canonicalHeaders.put("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        signed.forEach((name, value) -> canonicalHeaders.put(name.toLowerCase(Locale.ROOT), value.strip()));
        String signedHeaderNames = String.join(";", canonicalHeaders.keySet());
        String canonicalRequest = String.join("\n",
                method,
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                canonicalHeaders.entrySet().stream().map(h -> h.getKey() + ":" + h.getValue() + "\n")
                        .collect(Collectors.joining()),
                signedHeaderNames,
                hex(sha256(body)));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", timestamp, scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        signed.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaderNames + ", Signature=" + hex(hmac(key, stringToSign)));
        return signed;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
