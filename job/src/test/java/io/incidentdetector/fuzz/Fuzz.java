package io.incidentdetector.fuzz;

import org.junit.jupiter.api.TestInfo;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Runs a fuzz property: {@link FuzzSettings#tries()} cases, each an input made by a {@link Generator} from its own
 * {@link SplittableRandom}, whose seed is drawn from the base seed (so every run checks the same inputs). A case
 * fails on any exception or error, and the failure names the case's seed, a short description of its input, and
 * how to re-run that case alone ({@code -Dfuzz.case=<seed>}). Inputs are not shrunk.
 */
final class Fuzz {

    private static final int SHOWN_TEXT = 200;
    private static final int SHOWN_BYTES = 48;

    private Fuzz() {}

    /** What a property asserts of one input; it adds the input's outcome(s) to {@code outcomes}. */
    @FunctionalInterface
    interface Check<T> {
        void check(T input, Outcomes outcomes) throws Exception;
    }

    /**
     * Checks the property on every case, or on the one case {@code -Dfuzz.case} names, and returns its outcomes
     * (whose shares the caller then expects).
     */
    static <T> Outcomes forAll(TestInfo test, Generator<T> generator, Check<T> check) {
        String property = test.getTestClass().map(Class::getSimpleName).orElse("?") + "#"
                + test.getTestMethod().map(Method::getName).orElse(test.getDisplayName());
        OptionalLong only = FuzzSettings.onlyCase();
        return only.isPresent() ? forCase(property, only.getAsLong(), generator, check)
                : forAll(property, FuzzSettings.seed(), FuzzSettings.tries(), generator, check);
    }

    /** {@code tries} cases, their seeds drawn from {@code seed}. */
    static <T> Outcomes forAll(String property, long seed, int tries, Generator<T> generator, Check<T> check) {
        long started = System.nanoTime();
        Outcomes outcomes = new Outcomes(property, "seed " + seed);
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 1; i <= tries; i++) {
            runCase(property, i, tries, seeds.nextLong(), generator, check, outcomes);
        }
        return printed(outcomes, started);
    }

    /** The one case of {@code caseSeed}, as a failure printed it. */
    static <T> Outcomes forCase(String property, long caseSeed, Generator<T> generator, Check<T> check) {
        long started = System.nanoTime();
        Outcomes outcomes = new Outcomes(property, "case seed " + caseSeed);
        runCase(property, 1, 1, caseSeed, generator, check, outcomes);
        return printed(outcomes, started);
    }

    private static Outcomes printed(Outcomes outcomes, long started) {
        System.out.printf("%s: %d records in %.1f s: %s%n", outcomes.property(), outcomes.total(),
                (System.nanoTime() - started) / 1e9, outcomes);
        return outcomes;
    }

    private static <T> void runCase(String property, int at, int tries, long caseSeed, Generator<T> generator,
            Check<T> check, Outcomes outcomes) {
        T input = null;
        try {
            input = generator.make(new SplittableRandom(caseSeed));
            check.check(input, outcomes);
        } catch (Throwable e) { // an error too (a stack overflow, say) is a failed case, with its seed
            String what = e instanceof AssertionError ? e.getMessage() : e.toString();
            throw new AssertionError(property + " failed on case " + at + " of " + tries + ", case seed " + caseSeed
                    + ": " + what
                    + "\n  input: " + (input == null ? "(none: making it failed)" : describe(input))
                    + "\n  re-run it alone: mvn -pl job -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='"
                    + property + "' -Dfuzz.case=" + caseSeed, e);
        }
    }

    /** An input in a line: bytes as text if they mostly are, else in hex; anything else by its toString. */
    static String describe(Object input) {
        if (input instanceof byte[] bytes) {
            return describe(bytes);
        }
        String text = String.valueOf(input);
        return text.length() > SHOWN_TEXT * 2 ? text.substring(0, SHOWN_TEXT * 2) + "..." : text;
    }

    static String describe(byte[] bytes) {
        int head = Math.min(bytes.length, SHOWN_TEXT);
        int printable = 0;
        for (int i = 0; i < head; i++) {
            int b = bytes[i] & 0xFF;
            printable += b >= 0x20 && b < 0x7F || b == '\t' || b == '\n' || b == '\r' ? 1 : 0;
        }
        if (head > 0 && printable * 10 >= head * 9) {
            return bytes.length + " bytes, as UTF-8: \"" + escaped(new String(bytes, 0, head, StandardCharsets.UTF_8))
                    + (bytes.length > head ? "\"..." : "\"");
        }
        int shown = Math.min(bytes.length, SHOWN_BYTES);
        return bytes.length + " bytes: " + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown)
                + (bytes.length > shown ? " ..." : "");
    }

    /** Java-escaped, so that control, format and other non-ASCII characters show. */
    private static String escaped(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                s.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                s.append(c);
            } else {
                s.append(String.format("\\u%04x", (int) c));
            }
        }
        return s.toString();
    }
}
