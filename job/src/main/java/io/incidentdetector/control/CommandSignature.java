package io.incidentdetector.control;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The signature of a control command: HMAC-SHA256 of its record's value bytes, in hex. The same as
 * {@code openssl dgst -sha256 -hmac "$SECRET"} of the value; the key id and the signature travel in the record's
 * headers {@link #KEY_ID_HEADER} and {@link #SIGNATURE_HEADER}.
 */
public final class CommandSignature {

    public static final String KEY_ID_HEADER = "control-key-id";
    public static final String SIGNATURE_HEADER = "control-signature";
    private static final String ALGORITHM = "HmacSHA256";

    private CommandSignature() {}

    /** The signature of {@code value} in lower-case hex. */
    public static String sign(byte[] secret, byte[] value) {
        return HexFormat.of().formatHex(mac(secret, value));
    }

    /** Whether {@code signatureHex} is the signature of {@code value}, compared in constant time. */
    public static boolean verify(byte[] secret, byte[] value, String signatureHex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHex.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, value), given);
    }

    private static byte[] mac(byte[] secret, byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(value == null ? new byte[0] : value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
