package com.example.commerce.api.message;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The usernames a message's content mentions as {@code @username} (lower case, each once, in order). */
final class Mentions {

    /** A username (3-32 of letters, digits, '.', '_', '-') after an '@' that does not continue a word or an address. */
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9._@-])@([A-Za-z0-9._-]{3,32})(?![A-Za-z0-9_-])");

    private Mentions() {
    }

    static Set<String> usernames(String content) {
        var names = new LinkedHashSet<String>();
        var matcher = MENTION.matcher(content);
        while (matcher.find()) {
            // A trailing dot ends a sentence, not the name.
            String name = matcher.group(1);
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.length() >= 3) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
