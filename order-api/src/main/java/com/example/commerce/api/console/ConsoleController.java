package com.example.commerce.api.console;

import com.example.commerce.api.error.ApiException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The operations console: three static files from this jar (classpath {@code console/}), served by a controller
 * rather than Micronaut's static-resource mapping so that the local server and the Lambda function serve them
 * alike, through the router and its rules: only these names exist (no path is ever resolved against the
 * classpath), {@code /console} and {@code /console/} are the same route, and no answer depends on Host or
 * forwarding headers. The page itself is public; everything it shows comes from the ADMIN-only APIs with the
 * token it holds. The Content-Security-Policy lets the page run only its own script and style.
 */
@Hidden // a page, not part of the API
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ConsoleController {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String body, String contentType) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "index.html", load("index.html", "text/html; charset=utf-8"),
            "console.js", load("console.js", "text/javascript; charset=utf-8"),
            "console.css", load("console.css", "text/css; charset=utf-8"));

    @Get
    public HttpResponse<String> index() {
        return serve(ASSETS.get("index.html"));
    }

    @Get("/{file}")
    public HttpResponse<String> file(String file) {
        Asset asset = ASSETS.get(file);
        if (asset == null) {
            throw ApiException.notFound("console file", file);
        }
        return serve(asset);
    }

    private static MutableHttpResponse<String> serve(Asset asset) {
        return HttpResponse.ok(asset.body())
                .contentType(asset.contentType())
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = ConsoleController.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the jar");
            }
            return new Asset(new String(in.readAllBytes(), StandardCharsets.UTF_8), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
