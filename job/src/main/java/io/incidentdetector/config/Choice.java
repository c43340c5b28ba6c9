package io.incidentdetector.config;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration value that is one of a fixed set, written in YAML and on the command line as its kebab-case key.
 * Reading an unknown key fails naming every valid one, so the fix in the message is always a valid value.
 */
public interface Choice {

    /** How the value is written in YAML and on the command line, e.g. {@code seed-compatible}. */
    String key();

    /** The constant of {@code type} written {@code key}. */
    static <E extends Enum<E> & Choice> E of(Class<E> type, String key, String what) {
        for (E value : type.getEnumConstants()) {
            if (value.key().equals(key)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + key + "'. Fix: use " + keys(type));
    }

    /** The valid keys, for messages: {@code rate or seed-compatible}. */
    static <E extends Enum<E> & Choice> String keys(Class<E> type) {
        List<String> keys = Arrays.stream(type.getEnumConstants()).map(Choice::key).toList();
        return keys.size() == 1 ? keys.get(0) : keys.subList(0, keys.size() - 1).stream()
                .collect(Collectors.joining(", ")) + " or " + keys.get(keys.size() - 1);
    }
}
