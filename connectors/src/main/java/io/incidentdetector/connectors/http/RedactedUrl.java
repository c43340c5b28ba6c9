package io.incidentdetector.connectors.http;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL as it may appear in a log line or an error: its user information (a password, or a token used as a user
 * name) and the values of query parameters that look like secrets ({@code token}, {@code api_key}, {@code password},
 * {@code X-Amz-Signature}, ...) replaced by {@value #MASK}. Works on text that is not a valid URI too, since those
 * are the ones an error names.
 */
public final class RedactedUrl {

    public static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*@)");
    private static final Pattern SECRET_NAME = Pattern.compile(
            "token|key|secret|passw|pwd|auth|signature|sig|credential|session|code");

    private RedactedUrl() {}

    public static String of(URI uri) {
        return uri == null ? "null" : of(uri.toString());
    }

    public static String of(String url) {
        if (url == null) {
            return "null";
        }
        String redacted = USER_INFO.matcher(url).replaceFirst(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        int query = redacted.indexOf('?');
        if (query < 0) {
            return redacted;
        }
        int fragment = redacted.indexOf('#', query);
        String params = fragment < 0 ? redacted.substring(query + 1) : redacted.substring(query + 1, fragment);
        StringBuilder out = new StringBuilder(redacted.substring(0, query + 1));
        String[] pairs = params.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            out.append(i == 0 ? "" : "&").append(redactedParam(pairs[i]));
        }
        return out.append(fragment < 0 ? "" : redacted.substring(fragment)).toString();
    }

    /** Whether {@code url} carries user information ({@code user:password@}), which the job refuses in a URL. */
    public static boolean hasUserInfo(String url) {
        return url != null && USER_INFO.matcher(url).find();
    }

    private static String redactedParam(String pair) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
            return pair;
        }
        String name = pair.substring(0, eq).toLowerCase(Locale.ROOT);
        return SECRET_NAME.matcher(name).find() ? pair.substring(0, eq + 1) + MASK : pair;
    }
}
