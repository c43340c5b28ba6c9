package io.incidentdetector.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems of a configuration in the order they are found, each naming its key and a fix; with the checks that
 * many keys share. Every section adds its own (see {@link JobConfig#problems}).
 */
final class Problems {

    private final List<String> problems = new ArrayList<>();

    void add(String problem) {
        problems.add(problem);
    }

    List<String> list() {
        return List.copyOf(problems);
    }

    void positive(String key, Duration d, String example) {
        if (d.isZero() || d.isNegative()) {
            add(key + " must be a positive duration (got " + d + "). Fix: use e.g. " + example);
        }
    }

    void notNegative(String key, Duration d, String fix) {
        if (d.isNegative()) {
            add(key + " must not be negative. Fix: " + fix);
        }
    }

    /** Above 0 and below 1. */
    void betweenZeroAndOne(String key, double v, String example) {
        if (!(v > 0 && v < 1)) {
            add(key + " must be between 0 and 1, exclusive (got " + v + "). Fix: use " + example);
        }
    }

    void notBlank(String key, String value, String fix) {
        if (blank(value)) {
            add(key + " is empty. Fix: " + fix);
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
