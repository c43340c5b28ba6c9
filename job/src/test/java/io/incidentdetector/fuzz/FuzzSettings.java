package io.incidentdetector.fuzz;

import java.util.OptionalLong;

/**
 * The seed and the number of tries of every fuzz property: fixed by default, so CI fuzzes the same records on every
 * run. {@code -Dfuzz.seed=...} and {@code -Dfuzz.tries=...} (passed on to the test JVM by Surefire) fuzz others or
 * more; {@code -Dfuzz.case=...} re-runs the one case whose seed a failure printed.
 */
final class FuzzSettings {

    /** The base seed CI uses: every property's case seeds are drawn from it. */
    static final long SEED = 21;
    /** Tries per property in CI: the issue asks for at least 100,000 hostile records per input kind. */
    static final int TRIES = 100_000;

    private FuzzSettings() {}

    static long seed() {
        String value = System.getProperty("fuzz.seed");
        return value == null ? SEED : number("fuzz.seed", value, "a whole number such as 42");
    }

    static int tries() {
        String value = System.getProperty("fuzz.tries");
        long tries = value == null ? TRIES : number("fuzz.tries", value, "a number of tries such as 1_000_000");
        if (tries < 1 || tries > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fuzz.tries must be from 1 to " + Integer.MAX_VALUE + ", not "
                    + value + "; use a number of tries such as 1_000_000");
        }
        return (int) tries;
    }

    /** The seed of the one case to re-run instead of all, if {@code fuzz.case} is set. */
    static OptionalLong onlyCase() {
        String value = System.getProperty("fuzz.case");
        return value == null || value.isBlank() ? OptionalLong.empty()
                : OptionalLong.of(number("fuzz.case", value, "the case seed a failure printed"));
    }

    private static long number(String key, String value, String fix) {
        try {
            return Long.parseLong(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a whole number: '" + value + "'; use " + fix, e);
        }
    }
}
