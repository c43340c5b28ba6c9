package io.incidentdetector.control;

import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.event.ControlCommand;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks who sent a control record: its signature headers against the configured keys
 * ({@link CommandSignature}), then the signed command's own rules: it carries its {@code id} and {@code at} (so that
 * a copy is seen as a replay and an old one as expired), its {@code at} is at most {@code control.auth.max-age} old
 * when read, and its {@code by}, if given, is the key id. Every refusal starts with what it is: {@code unsigned},
 * {@code forged}, {@code expired} (and {@link CommandAuth}'s {@code replayed}). The secrets are read where the job
 * runs, on first use.
 */
public final class CommandVerifier implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Commands refused as unsigned, forged, expired or replayed. */
    public static final String UNAUTHENTICATED = "control_commands_unauthenticated";

    private final ControlAuthConfig auth;
    private transient ControlKeys keys;

    public CommandVerifier(ControlAuthConfig auth) {
        this.auth = auth;
    }

    /** What the headers say: the key that signed the record, or why it is refused. */
    public record Signer(String keyId, String signature, String refusal) {
        static Signer unsigned() {
            return new Signer(null, null, null);
        }

        public boolean signed() {
            return keyId != null;
        }
    }

    /** Reads the keys now (at the job's start), failing naming the key when one cannot be read. */
    public void open() {
        if (keys == null) {
            keys = ControlKeys.load(auth.keys());
        }
    }

    /** The signer of {@code value} by its headers (null when absent). */
    public Signer signer(byte[] value, byte[] keyIdHeader, byte[] signatureHeader) {
        if (keyIdHeader == null && signatureHeader == null) {
            return auth.allowUnsigned() ? Signer.unsigned() : new Signer(null, null, "unsigned: the record has no "
                    + CommandSignature.KEY_ID_HEADER + " and " + CommandSignature.SIGNATURE_HEADER + " headers, and"
                    + " control.auth.allow-unsigned is false. Fix: sign it (docs/control.md)");
        }
        if (keyIdHeader == null || signatureHeader == null) {
            return new Signer(null, null, "forged: the record has a " + (keyIdHeader == null
                    ? CommandSignature.SIGNATURE_HEADER : CommandSignature.KEY_ID_HEADER) + " header but no "
                    + (keyIdHeader == null ? CommandSignature.KEY_ID_HEADER : CommandSignature.SIGNATURE_HEADER));
        }
        String keyId = new String(keyIdHeader, StandardCharsets.UTF_8);
        String signature = new String(signatureHeader, StandardCharsets.UTF_8);
        open();
        byte[] secret = keys.secret(keyId);
        String shown = keyId.length() > 64 ? keyId.substring(0, 64) + "..." : keyId;
        if (secret == null) {
            return new Signer(null, null, "forged: no key '" + shown + "' is configured (control.auth.keys)");
        }
        if (!CommandSignature.verify(secret, value, signature)) {
            return new Signer(null, null, "forged: the signature does not match the record's value for key '"
                    + shown + "' (HMAC-SHA256 of the value bytes, hex)");
        }
        return new Signer(keyId, signature.trim().toLowerCase(java.util.Locale.ROOT), null);
    }

    /**
     * Why a command {@code signer} signed is refused, or null. {@code carriesIdAndAt}: its value names both;
     * {@code readAt}: the trusted time it was read (the broker's append time, else the wall clock).
     */
    public String refusal(ControlCommand c, Signer signer, boolean carriesIdAndAt, long readAt) {
        if (!signer.signed()) {
            return null;
        }
        if (!carriesIdAndAt) {
            return "forged: a signed command must carry its own 'id' and 'at' in its value, so that a copy is seen as"
                    + " a replay and an old one as expired. Fix: add them and sign it again";
        }
        if (c.by() != null && !c.by().equals(signer.keyId())) {
            return "forged: 'by' (" + c.by() + ") is not the key that signed it (" + signer.keyId() + "); a signed"
                    + " command is by its key id. Fix: leave 'by' out, or sign with that person's own key";
        }
        Duration age = Duration.ofMillis(readAt - c.at().toEpochMilli());
        if (age.compareTo(auth.maxAge()) > 0) {
            return "expired: 'at' " + c.at() + " is "
                    + age.toSeconds() + " s before it was read (" + Instant.ofEpochMilli(readAt) + "), more than"
                    + " control.auth.max-age (" + auth.maxAgeText() + "). Fix: send it again with 'at' now, signed"
                    + " anew";
        }
        return null;
    }

    /** The command as its signer sent it: {@code by} is the key id. */
    public static ControlCommand signedBy(ControlCommand c, Signer signer) {
        return signer.signed() ? c.withBy(signer.keyId()) : c;
    }

    public Duration maxAge() {
        return auth.maxAge();
    }
}
