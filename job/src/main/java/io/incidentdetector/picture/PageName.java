package io.incidentdetector.picture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The file name of an incident's page: {@code <id>.html} when the id is a safe file name (letters, digits,
 * {@code . _ - :}, at most {@value #MAX_ID_CHARS} characters, not starting with a dot), so a link template such as
 * {@code https://host/pages/{id}.html} finds it; otherwise the id with every other character replaced by {@code _},
 * cut, and followed by a hash of the whole id, so that two ids never share a page.
 */
public final class PageName {

    static final int MAX_ID_CHARS = 150;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private PageName() {}

    public static String of(String incidentId) {
        if (incidentId.length() <= MAX_ID_CHARS && SAFE.matcher(incidentId).matches()) {
            return incidentId + ".html";
        }
        String cleaned = incidentId.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
        if (cleaned.length() > MAX_ID_CHARS) {
            cleaned = cleaned.substring(0, MAX_ID_CHARS);
        }
        return (cleaned.isEmpty() ? "incident" : cleaned) + "-" + hash(incidentId) + ".html";
    }

    private static String hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
