package com.example.commerce.api.search;

/**
 * Escapes text for HTML exactly as Elasticsearch's {@code html} highlight encoder does (Lucene's
 * SimpleHTMLEncoder), so that {@code highlightedName} is escaped HTML whether or not anything in it was highlighted.
 */
public final class HtmlText {

    private HtmlText() {
    }

    public static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("&quot;");
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&#x27;");
                case '/' -> out.append("&#x2F;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
