package io.incidentdetector.connectors.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes that must be UTF-8 text: anything else is an invalid record, never a replacement character. */
public final class Utf8Text {

    private Utf8Text() {}

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
