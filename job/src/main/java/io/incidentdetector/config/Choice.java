package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration value that is one of a fixed set (an enum), written in YAML and on the command line as the
 * constant's name in kebab case: {@code SEED_COMPATIBLE} is {@code seed-compatible}.
 * Reading an unknown key fails naming every valid one, so the fix in the message is always a valid value.
 */
public interface Choice {

    /** How the value is written in YAML and on the command line, e.g. {@code seed-compatible}. */
    @JsonValue
    default String key() {
        return ((Enum<?>) this).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} written {@code key}; YAML values are read with it too (see ConfigLoader). */
    static <E extends Enum<E> & Choice> E of(Class<E> type, String key) {
        for (E value : type.getEnumConstants()) {
            if (value.key().equals(key)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown value '" + key + "'. Fix: use " + keys(type));
    }

    /** The valid keys, for messages: {@code rate or seed-compatible}. */
    static <E extends Enum<E> & Choice> String keys(Class<E> type) {
        List<String> keys = Arrays.stream(type.getEnumConstants()).map(Choice::key).toList();
        return keys.size() == 1 ? keys.get(0) : keys.subList(0, keys.size() - 1).stream()
                .collect(Collectors.joining(", ")) + " or " + keys.get(keys.size() - 1);
    }
}
