package com.example.commerce.api.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.context.exceptions.ConfigurationException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies (load balancers) whose forwarding header is believed ({@code commerce.http.trusted-proxies}: IP
 * addresses or CIDR blocks; none by default, so that by default no header can change a client's address) and that
 * header's name ({@code commerce.http.forwarded-header}: {@code X-Forwarded-For}, or {@code Forwarded} for RFC 7239).
 */
@ConfigurationProperties("commerce.http")
public record TrustedProxies(
        @Bindable(defaultValue = "") List<String> trustedProxies,
        @Bindable(defaultValue = "X-Forwarded-For") String forwardedHeader) {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public TrustedProxies {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String block : trustedProxies) {
            if (Block.parse(block) == null) {
                throw new ConfigurationException("commerce.http.trusted-proxies: '" + block
                        + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)");
            }
        }
    }

    /** The trusted blocks, parsed: done once by their user, not per request. */
    List<Block> blocks() {
        return trustedProxies.stream().map(Block::parse).toList();
    }

    /** An IP literal as an address, without ever resolving a host name; null if it is not one. */
    @Nullable
    static InetAddress parseLiteral(String text) {
        if (!IP_LITERAL.matcher(text).matches() || (text.indexOf(':') < 0 && text.chars().filter(c -> c == '.').count() != 3)) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    record Block(byte[] network, int prefix) {

        @Nullable
        static Block parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = parseLiteral(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                return null;
            }
            int bits = address.getAddress().length * 8;
            try {
                int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
                return prefix < 0 || prefix > bits ? null : new Block(address.getAddress(), prefix);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
