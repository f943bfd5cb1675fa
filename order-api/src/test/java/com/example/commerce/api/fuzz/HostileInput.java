package com.example.commerce.api.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Hostile values for every place a client can put data: JSON strings, numbers and documents, path segments, query
 * strings, header values. JSON is produced as text, so that it can hold what no serializer writes: unpaired
 * surrogates as escapes, duplicate keys, invalid tokens, truncation. Everything is drawn from one seeded
 * {@link Random}, so a seed always yields the same values.
 */
final class HostileInput {

    static final List<String> SQL_INJECTIONS = List.of(
            "' OR '1'='1", "1;DROP TABLE orders", "'; DROP TABLE users;--", "\" OR 1=1 --", "admin'--",
            "1' UNION SELECT password_hash, username FROM users--", "%' OR '%'='", "$1", "?", "\\",
            "'; SELECT pg_sleep(30);--", "1) OR (1=1", "'||(SELECT version())||'", "\\'; TRUNCATE outbox;--");

    /** JSON escapes, inserted into string literals as they are: unpaired surrogates, NUL, controls, invisibles. */
    static final List<String> ODD_ESCAPES = List.of(
            "\\ud800", "\\udfff", "\\udc00\\ud800", "\\udbff\\udfff", "\\u0000", "\\u0000\\u0000", "\\u202e",
            "\\u200b", "\\u200d", "\\ufeff", "\\uffff", "\\ufffe", "\\u0085", "\\u2028", "\\u0301\\u0301",
            "\\u001b[31m", "\\b\\f\\r\\n\\t", "\\/", "\\\\", "\\\"");

    /** Real characters that are awkward to store, compare, render or case-fold. */
    static final List<String> ODD_TEXT = List.of(
            "\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "e\u0301\u0301\u0301\u0301",
            "Z\u0334\u0321\u0322\u031B\u0354a\u0337l\u0336g\u0338o", "\u202Eevil\u202C", "zero\u200Bwidth",
            "\u0130\u0131", "stra\u00DFe", "\uFB01", "\uFF11\uFF12\uFF13", "\u0645\u0631\u062D\u0628\u0627",
            "\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD", "\u4E2D\u6587", "\uFEFFbom", "\u00A0nbsp\u00A0",
            "\u2126\u2248\u00E7\u221A", "A\u030A", "\u212B", "\uD834\uDD1E", "\u0000", "\uFFFD");

    static final List<String> MARKUP = List.of(
            "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "%s%s%n%x", "../../../../etc/passwd",
            "{{7*7}}", "#{7*7}", "\r\nX-Injected: 1", "null", "undefined", "NaN", "true", "[]", "{}", "*", "%",
            "_", "\\x00", "' --", "PENDING", "ADMIN", "ACTIVE");

    /** Number tokens, some of them not valid JSON at all. */
    static final List<String> NUMBERS = List.of(
            "0", "-0", "1", "-1", "2", "1000", "1001", "100", "101", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999",
            "1e400", "-1e400", "1e3", "1E+2", "1.5", "0.0000001", "1.0", "1000000000000", "1000000000001",
            "4.9e-324", "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "0x10", "01", "+1",
            ".5", "1.", "1e", "--1", "1_000");

    /** Path segments standing for an id; none of them names a row of another test. */
    static final List<String> HOSTILE_IDS = List.of(
            "-1", "0", "99999999999999999999", "abc", "1e3", "1;DROP%20TABLE%20orders", "1;DROP TABLE orders",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "2147483648", "1.5", "0x10",
            "-0", "NaN", "Infinity", "null", "undefined", "%00", "%zz", "%", "%20", "%ff%fe", "%c0%ae",
            "%F0%9F%98%80", "'%20OR%20'1'='1", "${id}", "{id}", "[1]", "%2e%2e", "..", ".", "..%2f..%2fadmin",
            "%2e%2e%2f%2e%2e%2fadmin", "1/../2", "\u00e9", "-");

    /** Ids an administrator may aim at: they parse to no row, so no other test's product is touched. */
    static final List<String> ABSENT_IDS = List.of(
            "-1", "0", "99999999999999999999", "abc", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "NaN", "null", "%00", "%zz", "%20", "%ff%fe", "${id}", "1e400");

    static final List<String> PAGING_QUERIES = List.of(
            "size=-1", "size=0", "size=101", "size=1e9", "size=2147483648", "size=99999999999999999999",
            "page=NaN", "page=0", "page=-1", "page=99999999999", "page=2147483647&size=100", "page=1&page=2",
            "size=10&size=abc", "page=", "page", "&&&", "=", "page=%zz", "page=%00", "size=%2B1", "page=1e3",
            "page=1.5", "page[]=1", "page[0]=1", "size=100", "page=1&size=1", "size=%20", "size=1%00",
            "page=1;DROP%20TABLE%20orders", "sort=../../", "size=%ff%fe", "page=%F0%9F%98%80");

    static final List<String> SEARCH_QUERIES = List.of(
            "minPrice=abc", "minPrice=-1", "maxPrice=1e400", "minPrice=5&maxPrice=1", "maxPrice=-1",
            "minPrice=9223372036854775808", "sort=../../", "sort=PRICE_ASC", "sort=price_asc;DROP", "sort=",
            "sort=%00", "q=*", "q=%22unterminated", "q=title:(a%20OR%20b)^3~2%20/reg.*/", "q=%00", "q=%zz",
            "q=%ed%a0%80", "q=%F0%9F%98%80", "category=%00", "brand=%ff", "page=100&size=100", "page=101&size=100",
            "page=2147483647&size=100", "size=-1", "size=1e9", "page=NaN", "q=a&q=b", "q=\\", "q=[", "q=%7B%22query%22",
            "q='%20OR%201=1--", "category=books&category=toys", "minPrice=1.5", "minPrice=", "q=%2e%2e%2f",
            "channelId=abc", "channelId=-1", "channelId=9223372036854775808", "authorId=%00", "from=yesterday",
            "to=2026-13-40T00:00:00Z", "from=2026-11-21T10:00:00Z&to=2020-01-01T00:00:00Z", "sort=newest",
            "sort=RELEVANCE", "page=10001&size=1");

    /** A day's activity: dates that are no day, are out of range, or come twice. */
    static final List<String> DAY_QUERIES = List.of(
            "", "date=", "date", "date=2026-13-40", "date=2026-02-30", "date=yesterday", "date=%00", "date=%zz",
            "date=2026-11-21T10:00:00Z", "date=+999999999-12-31", "date=-0001-01-01", "date=0000-01-01",
            "date=9999-12-31", "date=2026-11-21&date=2026-11-22", "date=2026-1-1", "date=%F0%9F%98%80",
            "date=2026-11-21;DROP%20TABLE%20users", "date=2026-11-21");

    private static final String WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String USERNAME_CHARS = WORD_CHARS + "._-";

    private final Random random;

    HostileInput(Random random) {
        this.random = random;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    long anyLong() {
        return random.nextLong();
    }

    String word() {
        return chars(WORD_CHARS, between(1, 12));
    }

    /** A name signup accepts: 3-32 letters, digits, '.', '_' and '-'. */
    String validUsername() {
        return "f" + chars(USERNAME_CHARS, between(2, 31));
    }

    String validPassword() {
        return "pw" + word() + random.nextInt(10);
    }

    private String chars(String alphabet, int length) {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Long text around the limits of the fields (32, 72, 128, 200, 5000 characters) and far beyond. */
    String longText() {
        int length = pick(List.of(33, 73, 129, 201, 256, 1_000, 5_001, 10_000, 100_000));
        String unit = pick(List.of("a", "\u5BC6", "\uD83D\uDE00", "e\u0301", "' OR 1=1 "));
        return unit.repeat(Math.max(1, length / unit.length()));
    }

    /** A JSON string literal, quotes included: usually hostile, sometimes not even a valid literal. */
    String jsonString() {
        return switch (random.nextInt(12)) {
            case 0 -> quote(pick(SQL_INJECTIONS));
            case 1 -> "\"" + pick(ODD_ESCAPES) + word() + pick(ODD_ESCAPES) + "\"";
            case 2 -> quote(pick(ODD_TEXT) + word() + pick(ODD_TEXT));
            case 3 -> quote(longText());
            case 4 -> quote(pick(List.of("", " ", "   ", "\t")));
            case 5 -> pick(List.of("\"unterminated", "\"bad escape \\x41\"", "\"cut escape \\u12\"",
                    "\"raw\ttab\"", "\"raw\nnewline\"", "'single quotes'", "\"\\ud800\\u0000\"", "\"\\", "\"\\u\"",
                    "\"\\uD83D\""));
            case 6 -> quote(pick(MARKUP));
            case 7 -> quote(pick(SQL_INJECTIONS) + pick(ODD_TEXT) + pick(MARKUP));
            default -> quote(word());
        };
    }

    /** A number token; some are out of every range, some are not JSON. */
    String jsonNumber() {
        return chance(0.8) ? pick(NUMBERS) : String.valueOf(anyLong());
    }

    /** Any JSON value of any type; containers nest at most a few levels from {@code depth}. */
    String jsonValue(int depth) {
        int kinds = depth > 3 ? 5 : 8;
        return switch (random.nextInt(kinds)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2, 4 -> jsonNumber();
            case 3 -> jsonString();
            case 5 -> {
                var array = new StringJoiner(",", "[", "]");
                for (int i = between(0, 4); i > 0; i--) {
                    array.add(jsonValue(depth + 1));
                }
                yield array.toString();
            }
            case 6 -> {
                var object = new StringJoiner(",", "{", "}");
                for (int i = between(0, 4); i > 0; i--) {
                    object.add(key() + ":" + jsonValue(depth + 1));
                }
                yield object.toString();
            }
            default -> deepJson(between(20, 200));
        };
    }

    /** Arrays or objects nested {@code levels} deep. */
    String deepJson(int levels) {
        String inner = jsonValue(4);
        return switch (random.nextInt(3)) {
            case 0 -> "[".repeat(levels) + inner + "]".repeat(levels);
            case 1 -> "{\"items\":".repeat(levels) + inner + "}".repeat(levels);
            default -> "[{\"a\":".repeat(levels / 2) + inner + "}]".repeat(levels / 2);
        };
    }

    /** An object key: a real field name in the wrong case, a hostile one, or a random one. */
    String key() {
        return switch (random.nextInt(4)) {
            case 0 -> quote(pick(List.of("username", "password", "name", "price", "items", "productId", "quantity",
                    "status", "role", "id", "userId", "totalAmount", "Username", "PRICE", "__proto__", "")));
            case 1 -> jsonString();
            default -> quote(word());
        };
    }

    /** The document cut short, somewhere inside. */
    String truncate(String json) {
        return json.length() < 2 ? "{" : json.substring(0, random.nextInt(json.length() - 1) + 1);
    }

    /** A field value for a field expecting text: valid, hostile, or of the wrong type. */
    String textField(String valid) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> quote(valid);
            case 2, 3 -> jsonString();
            case 4 -> jsonValue(3);
            default -> pick(List.of("null", "1", "[]", "{}", "true", "[\"" + valid + "\"]"));
        };
    }

    /** A field value for a field expecting a number: valid, hostile, or of the wrong type. */
    String numberField(String valid) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> valid;
            case 2, 3 -> jsonNumber();
            case 4 -> quote(pick(List.of(valid, "1e3", "abc", "", " 1", "1;DROP TABLE orders")));
            default -> jsonValue(3);
        };
    }

    /**
     * Bytes that are not UTF-8: stray continuation bytes, overlong forms, encoded surrogates, truncated sequences,
     * bytes that never occur.
     */
    byte[] invalidUtf8() {
        return pick(List.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xFE, (byte) 0xFF},
                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0x80}, new byte[]{(byte) 0xE2, (byte) 0x82}, new byte[]{0x00}));
    }

    /** A JSON string literal of this text; anything that cannot be UTF-8 on its own is escaped. */
    static String quote(String text) {
        var literal = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c < 0x20 || (Character.isSurrogate(c) && !pairedSurrogate)) {
                literal.append(String.format("\\u%04x", (int) c));
            } else if (pairedSurrogate) {
                literal.append(c).append(text.charAt(++i));
            } else {
                literal.append(c);
            }
        }
        return literal.append('"').toString();
    }

    /** Percent-encodes everything but unreserved characters, as UTF-8. */
    static String percentEncode(String text) {
        var encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }
}
