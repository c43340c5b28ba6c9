package io.incidentdetector.evaluate;

import io.incidentdetector.incident.Severity;

import java.time.Duration;
import java.time.Instant;

/**
 * What the detector promises to catch, and at what severity: the rules the labels of the built-in matrix are made
 * with, and the sentence under the table that states them.
 * <ul>
 *   <li>a delay of 100 ms or more lasting 3 minutes or more (in a replayed export: 3 minutes of its samples, since
 *       samples lost to scrape gaps show nothing);</li>
 *   <li>a canary regression of 2x or more on a code with 20 errors a bin or more;</li>
 *   <li>a delay of 100 ms or more into a service with two or more callers raises SEV1, into a service with fewer
 *       callers or on one pair SEV2; a smaller delay expects no particular severity. A pod's network delay counts as
 *       a delay into its service; a caller's CPU fault expects no particular severity (with the shipped grouping its
 *       calls fall into its callees' groups, one hot pair in each).</li>
 * </ul>
 */
public final class Promises {

    static final double MIN_DELAY_MS = 100;
    static final Duration MIN_DELAY_LENGTH = Duration.ofMinutes(3);
    static final double MIN_REGRESSION_FACTOR = 2;
    static final double MIN_ERRORS_PER_BIN = 20;
    static final int SEV1_MIN_CALLERS = 2;

    /** The rules above in one sentence, as printed under the table. */
    public static final String SUMMARY = "delays of 100 ms or more lasting 3 minutes or more, in samples when"
            + " replayed; canary regressions of 2x"
            + " or more on a code with 20 errors a bin or more";

    private Promises() {}

    /** A delay of {@code delayMs} from {@code start} to {@code end} is one the detector promises to catch. */
    public static boolean delayIsPromised(double delayMs, Instant start, Instant end) {
        return delayMs >= MIN_DELAY_MS && !end.isBefore(start.plus(MIN_DELAY_LENGTH));
    }

    /** {@code samples} samples {@code step} apart cover the promised length of a delay. */
    public static boolean scrapedLongEnough(int samples, Duration step) {
        return !step.multipliedBy(samples).minus(MIN_DELAY_LENGTH).isNegative();
    }

    /** A regression of {@code factor} on a code with {@code errorsPerBin} errors a bin is one it promises to catch. */
    public static boolean regressionIsPromised(double factor, double errorsPerBin) {
        return factor >= MIN_REGRESSION_FACTOR && errorsPerBin >= MIN_ERRORS_PER_BIN;
    }

    /**
     * The severity a delay of {@code delayMs} should raise: SEV1 on a service with {@code callers} callers, two or more;
     * SEV2 on a service with fewer, or on a pair; null (not scored) below 100 ms.
     */
    public static Severity expectedSeverity(double delayMs, boolean pair, long callers) {
        if (!(delayMs >= MIN_DELAY_MS)) {
            return null;
        }
        return !pair && callers >= SEV1_MIN_CALLERS ? Severity.SEV1 : Severity.SEV2;
    }
}
