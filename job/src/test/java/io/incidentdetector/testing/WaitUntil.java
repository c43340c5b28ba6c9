package io.incidentdetector.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * The one way tests wait for something outside the test thread (a server, a cluster, a job): probe, check, pause,
 * until a deadline; then fail with what was last seen. A probe that throws counts as "not yet".
 */
public final class WaitUntil {

    private static final Duration PAUSE = Duration.ofMillis(250);

    private WaitUntil() {}

    /** Returns the first probe result that satisfies {@code done}; fails after {@code timeout}. */
    public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() >= deadline) {
                AssertionError failure = new AssertionError("waited " + timeout + " for " + what + "; last seen: "
                        + (lastError != null ? lastError : last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
