package io.incidentdetector.connectors.json;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.Serializable;

/** Turns a record into one line of JSON (no trailing newline). */
@FunctionalInterface
public interface JsonLineEncoder<T> extends Serializable {

    String encode(T value);

    /** Jackson-based encoder using {@link JsonCodec}. */
    static <T> JsonLineEncoder<T> jackson() {
        return value -> {
            try {
                return JsonCodec.mapper().writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
            }
        };
    }
}
