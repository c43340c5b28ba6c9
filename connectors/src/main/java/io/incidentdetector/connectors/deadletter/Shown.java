package io.incidentdetector.connectors.deadletter;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * An offending value as a reason quotes it: whole when it is short, else its first {@value #MAX_CHARS} characters
 * and its length, {@code "aaaa…" (600,012 chars)}. A reason then stays readable and small whatever the input.
 */
public final class Shown {

    /** Characters of a value a reason shows. */
    public static final int MAX_CHARS = 100;

    private Shown() {}

    /** {@code text} whole if it has at most {@value #MAX_CHARS} characters, else cut with its length. */
    public static String value(String text) {
        return cut(text, MAX_CHARS);
    }

    /**
     * A JSON value as it was written: a string in quotes, anything else as JSON text; cut like {@link #value}. A long
     * string is shown as {@code "aaaa…" (600,012 chars)}, its length counted without the quotes.
     */
    public static String json(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.length() <= MAX_CHARS) {
                return node.toString();
            }
            return "\"" + escape(prefix(text, MAX_CHARS)) + "…\" (" + count(text.length()) + " chars)";
        }
        return value(node.toString());
    }

    /**
     * {@code text} whole if it has at most {@code maxChars} characters, else its first {@code maxChars} characters
     * (never half of a surrogate pair), {@code …} and its length.
     */
    public static String cut(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= maxChars) {
            return text;
        }
        return prefix(text, maxChars) + "… (" + count(text.length()) + " chars)";
    }

    /** The first {@code maxChars} characters of {@code text}, one fewer if that would split a surrogate pair. */
    static String prefix(String text, int maxChars) {
        int end = Math.min(maxChars, text.length());
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** {@code 600,012}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** JSON string escaping of the shown part, so that the quote marks around it still delimit it. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
