package io.incidentdetector.metrics;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A warning that may come once per record (a refused record, a cap reached) logged at most once per {@code every};
 * the next line logged says how many were left out since the last one, so a flood is one line a minute, not a
 * million.
 */
public final class ThrottledLog {

    private final Logger log;
    private final long everyMillis;
    private final LongSupplier clock;
    private long lastLogged = Long.MIN_VALUE;
    private long suppressed;

    public ThrottledLog(Logger log, Duration every) {
        this(log, every, System::currentTimeMillis);
    }

    ThrottledLog(Logger log, Duration every, LongSupplier clock) {
        this.log = log;
        this.everyMillis = every.toMillis();
        this.clock = clock;
    }

    /** Logs {@code format} with {@code args} (SLF4J style) unless a line was logged less than {@code every} ago. */
    public synchronized void warn(String format, Object... args) {
        long now = clock.getAsLong();
        if (lastLogged != Long.MIN_VALUE && now - lastLogged < everyMillis) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            Object[] withCount = Arrays.copyOf(args, args.length + 2);
            withCount[args.length] = String.format("%,d", suppressed);
            withCount[args.length + 1] = Duration.ofMillis(now - lastLogged).toSeconds();
            log.warn(format + " ... and {} more in the last {} s", withCount);
        } else {
            log.warn(format, args);
        }
        lastLogged = now;
        suppressed = 0;
    }
}
