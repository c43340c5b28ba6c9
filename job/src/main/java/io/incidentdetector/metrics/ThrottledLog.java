package io.incidentdetector.metrics;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A warning that may come with every record, logged at most once per {@code every}: the first at once, later ones
 * counted, and the next line logged says how many were left out ({@code ... (and 1,234 more since the last line)}).
 * Keeps a flood of bad input visible on the console without drowning it. One per task (not thread-safe).
 */
public final class ThrottledLog {

    private final Logger log;
    private final Duration every;
    private final LongSupplier nanoClock;
    private boolean logged;
    private long lastLogged;
    private long suppressed;

    public ThrottledLog(Logger log, Duration every) {
        this(log, every, System::nanoTime);
    }

    ThrottledLog(Logger log, Duration every, LongSupplier nanoClock) {
        this.log = log;
        this.every = every;
        this.nanoClock = nanoClock;
    }

    public void warn(String format, Object... args) {
        long now = nanoClock.getAsLong();
        if (logged && now - lastLogged < every.toNanos()) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            Object[] more = Arrays.copyOf(args, args.length + 1);
            more[args.length] = String.format("%,d", suppressed);
            log.warn(format + " (and {} more since the last line)", more);
        } else {
            log.warn(format, args);
        }
        logged = true;
        lastLogged = now;
        suppressed = 0;
    }
}
