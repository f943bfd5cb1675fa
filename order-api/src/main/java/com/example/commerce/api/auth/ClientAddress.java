package com.example.commerce.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The address a request came from, for per-client limits.
 * <ul>
 *   <li>Behind API Gateway (on Lambda) it is the event's {@code requestContext.http.sourceIp}, which API Gateway
 *   sets and the client cannot forge.</li>
 *   <li>In the Netty server it is the connection's peer. A forwarding header ({@link TrustedProxies#forwardedHeader()}) is
 *   believed only when the peer is a configured trusted proxy, and then only as far as the chain of trusted
 *   proxies goes: the right-most address that is not a trusted proxy is the client. Entries further left were
 *   written by whoever sent the request, so they prove nothing.</li>
 * </ul>
 */
@Singleton
public class ClientAddress {

    private static final int MAX_LENGTH = 64;

    private final List<TrustedProxies.Block> trustedProxies;
    private final String forwardedHeader;

    public ClientAddress(TrustedProxies proxies) {
        this.trustedProxies = proxies.blocks();
        this.forwardedHeader = proxies.forwardedHeader();
    }

    public String of(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
                && event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getSourceIp() != null) {
            return event.getRequestContext().getHttp().getSourceIp();
        }
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return "unknown";
        }
        if (!trusted(peer)) {
            return peer.getHostAddress();
        }
        List<String> chain = forwardedChain(request);
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            InetAddress address = TrustedProxies.parseLiteral(hop);
            if (address == null) {
                return hop.length() > MAX_LENGTH ? hop.substring(0, MAX_LENGTH) : hop;
            }
            if (!trusted(address)) {
                return address.getHostAddress();
            }
        }
        return peer.getHostAddress();
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }

    /** The forwarded addresses, left (first hop) to right (the trusted proxy's own peer), from every header line. */
    private List<String> forwardedChain(HttpRequest<?> request) {
        boolean rfc7239 = forwardedHeader.equalsIgnoreCase("Forwarded");
        var chain = new ArrayList<String>();
        for (String line : request.getHeaders().getAll(forwardedHeader)) {
            for (String element : line.split(",")) {
                String hop = rfc7239 ? forParameter(element) : element.trim();
                if (hop != null && !hop.isEmpty()) {
                    chain.add(hop);
                }
            }
        }
        return chain;
    }

    /** The address in an RFC 7239 element's {@code for=} parameter: quotes, brackets and port removed. */
    private static String forParameter(String element) {
        for (String pair : element.split(";")) {
            String[] nameValue = pair.trim().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].trim().toLowerCase(Locale.ROOT).equals("for")) {
                String value = nameValue[1].trim().replace("\"", "");
                if (value.startsWith("[")) {
                    int end = value.indexOf(']');
                    return end > 0 ? value.substring(1, end) : value;
                }
                int colon = value.indexOf(':');
                return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
            }
        }
        return "";
    }
}
