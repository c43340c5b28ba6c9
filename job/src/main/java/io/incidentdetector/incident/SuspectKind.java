package io.incidentdetector.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What kind of thing an incident's suspect is: a slow service (callee), a service whose calls out are slow (caller), or one call edge. */
public enum SuspectKind {
    CALLEE, CALLER, EDGE;

    /** As written in JSON: {@code callee}, {@code caller}, {@code edge}. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SuspectKind of(String key) {
        return key == null ? null : valueOf(key.toUpperCase(Locale.ROOT));
    }
}
