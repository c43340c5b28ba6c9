package io.incidentdetector.connectors.deadletter;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one factory of bounded dead letters ({@code dead-letters.max-payload}). A bounded dead letter keeps at most
 * {@code maxPayloadBytes} of the original bytes and of the payload text (cut at a character boundary), the size and
 * SHA-256 of the whole original (so a copy can be matched with it), a reason of at most {@value #MAX_REASON_CHARS}
 * characters and an origin of at most {@value #MAX_ORIGIN_CHARS}. Bounding a bounded dead letter again, with the
 * same or a smaller limit, keeps its size and hash: the size guard of a sink cuts further that way.
 */
public final class DeadLetterBounds implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int MAX_REASON_CHARS = 1_000;
    public static final int MAX_ORIGIN_CHARS = 1_000;
    /**
     * What a dead letter may take on Kafka besides its kept bytes: the key, the headers (reason and origin at their
     * caps, as UTF-8, and the rest) and the record batch's own overhead. Measured need: under 10 KB.
     */
    public static final int KAFKA_OVERHEAD_BYTES = 16 * 1024;

    private final int maxPayloadBytes;

    public DeadLetterBounds(long maxPayloadBytes) {
        if (maxPayloadBytes < 0 || maxPayloadBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("max payload " + maxPayloadBytes + " bytes is out of range");
        }
        this.maxPayloadBytes = (int) maxPayloadBytes;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** The bounded form of {@code letter}; a letter already within the bounds comes back equal. */
    public DeadLetter apply(DeadLetter letter) {
        Long size = letter.originalSize();
        String sha256 = letter.sha256();
        if (letter.truncated() == null) {
            byte[] whole = letter.original() != null ? letter.original()
                    : letter.payload() == null ? null : letter.payload().getBytes(StandardCharsets.UTF_8);
            if (whole != null) {
                size = (long) whole.length;
                sha256 = sha256(whole);
            }
        }
        boolean cut = Boolean.TRUE.equals(letter.truncated());
        byte[] original = letter.original();
        if (original != null && original.length > maxPayloadBytes) {
            original = Utf8.prefix(original, maxPayloadBytes);
            cut = true;
        }
        String payload = letter.payload();
        if (payload != null && Utf8.length(payload) > maxPayloadBytes) {
            payload = Utf8.prefix(payload, maxPayloadBytes);
            cut = true;
        }
        return new DeadLetter(capped(letter.origin(), MAX_ORIGIN_CHARS), letter.partition(), letter.position(),
                payload, capped(letter.reason(), MAX_REASON_CHARS), letter.seenAt(), size, sha256, cut, original);
    }

    /**
     * The same dead letter with {@code excessBytes} fewer of its bytes kept (the original's, else the payload's), for
     * a sink whose record would otherwise be too large; its size and hash stay those of the whole original.
     */
    public static DeadLetter shorter(DeadLetter letter, long excessBytes) {
        long kept = letter.original() != null ? letter.original().length
                : letter.payload() == null ? 0 : Utf8.length(letter.payload());
        return new DeadLetterBounds(Math.max(0, kept - excessBytes)).apply(letter);
    }

    /** {@code text} within the bounds, with the size and hash of the whole; null stays null. */
    public Kept keep(String text) {
        if (text == null) {
            return new Kept(null, null, null, null);
        }
        byte[] whole = text.getBytes(StandardCharsets.UTF_8);
        boolean cut = whole.length > maxPayloadBytes;
        return new Kept(cut ? Utf8.prefix(text, maxPayloadBytes) : text, (long) whole.length, sha256(whole), cut);
    }

    /** {@code kept} with {@code excessBytes} fewer bytes of its text (as UTF-8); its size and hash stay. */
    public static Kept shorter(Kept kept, long excessBytes) {
        if (kept.text() == null) {
            return kept;
        }
        long length = Utf8.length(kept.text());
        int keep = (int) Math.max(0, Math.min(Integer.MAX_VALUE, length - excessBytes));
        return length <= keep ? kept
                : new Kept(Utf8.prefix(kept.text(), keep), kept.originalSize(), kept.sha256(), true);
    }

    /**
     * A text cut within the bounds.
     *
     * @param text         what is kept
     * @param originalSize bytes of the whole text as UTF-8
     * @param sha256       SHA-256 of them, in hex
     * @param truncated    whether {@code text} is cut
     */
    public record Kept(String text, Long originalSize, String sha256, Boolean truncated) {}

    /** A reason of at most {@value #MAX_REASON_CHARS} characters, cut with its length beyond. */
    public static String reason(String reason) {
        return capped(reason, MAX_REASON_CHARS);
    }

    private static String capped(String text, int maxChars) {
        return text == null ? null : Shown.cut(text, maxChars);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Lengths and prefixes in UTF-8 bytes. */
    static final class Utf8 {

        private Utf8() {}

        static long length(String text) {
            long n = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    n++;
                } else if (c < 0x800) {
                    n += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n += 3;
                }
            }
            return n;
        }

        /** The longest prefix of whole characters that takes at most {@code maxBytes} as UTF-8. */
        static String prefix(String text, int maxBytes) {
            long n = 0;
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                int bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
                if (n + bytes > maxBytes) {
                    break;
                }
                n += bytes;
                i += pair ? 2 : 1;
            }
            return text.substring(0, i);
        }

        /** The first {@code maxBytes} bytes, a little fewer if that would end inside a UTF-8 character. */
        static byte[] prefix(byte[] bytes, int maxBytes) {
            int end = Math.min(maxBytes, bytes.length);
            for (int back = 0; back < 3 && end > 0 && end < bytes.length && (bytes[end] & 0xC0) == 0x80; back++) {
                end--;
            }
            return java.util.Arrays.copyOf(bytes, end);
        }
    }
}
