package io.incidentdetector.connectors.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes that must be UTF-8 text: anything else is an invalid record, never a replacement character. */
public final class Utf8Text {

    /**
     * Stands in for bytes that are not UTF-8 in text decoded by {@link #marking()}: a noncharacter (U+FFFF), which
     * no record holds, where the usual replacement character U+FFFD could be real text.
     */
    public static final char NOT_UTF8 = '\uFFFF';

    private Utf8Text() {}

    /** A UTF-8 decoder for lines: bytes that are not UTF-8 become {@link #NOT_UTF8}, for the reader to refuse. */
    public static CharsetDecoder marking() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(NOT_UTF8));
    }

    public static String strict(byte[] bytes) throws InvalidRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRecordException("not UTF-8 text: " + e.getMessage());
        }
    }
}
