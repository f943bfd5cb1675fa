package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.servlet.http.ServletHttpRequest;

import java.nio.charset.StandardCharsets;

/**
 * {@code micronaut.server.max-request-size} on Lambda. The local server's Netty refuses a larger body before it is
 * read; API Gateway hands the function bodies of up to 6 MB, which would otherwise be parsed. Refused with the
 * exception Netty raises, so the answer is the same 413 problem. First of all filters, as Netty's check is.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BodySizeLimitFilter implements Ordered {

    private final long maxRequestSize;

    BodySizeLimitFilter(@Value("${micronaut.server.max-request-size:10MB}") @ReadableBytes long maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    @RequestFilter
    public void refuseOversizedBodies(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event && event.getBody() != null) {
            long size = size(event.getBody(), event.getIsBase64Encoded());
            if (size > maxRequestSize) {
                throw new ContentLengthExceededException(maxRequestSize, size);
            }
        }
    }

    /** The body's length in bytes, computed without decoding it (and copied only if it is not ASCII). */
    static long size(String body, boolean base64) {
        if (base64) {
            int padding = body.endsWith("==") ? 2 : body.endsWith("=") ? 1 : 0;
            return body.length() / 4L * 3 - padding;
        }
        return hasNonAscii(body) ? body.getBytes(StandardCharsets.UTF_8).length : body.length();
    }

    private static boolean hasNonAscii(String body) {
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
