package io.incidentdetector.connectors.eventtime;

import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, record by record, whether an event time may enter the job, so that no single record can move a
 * watermark: a refused record is dead-lettered with the reason this class gives, and never reaches a watermark
 * generator. Each source split (a Kafka partition, a file) has its own {@link Split}, which knows the split's
 * progress {@code p}, the latest event time it accepted; it is unknown at first and after a restart (the source
 * does not checkpoint it). For an event time {@code t} and the wall clock {@code now}:
 * <ol>
 * <li>{@code t} outside 2000-01-01..2100-01-01: refused.</li>
 * <li>{@code t > now + max-ahead}: refused, ahead of the wall clock (no source sees the future).</li>
 * <li>{@code p} known, {@code t > p + max-jump} and {@code t < now - max-jump}: refused, ahead of its source's
 * progress. The second condition keeps a live source that resumes after a pause (its records are about now). A
 * replay with a real gap is told apart by its records: the {@code confirm-jump-after}-th record in a row beyond the
 * jump, within {@code max-jump} of the first of them, is accepted and moves {@code p}; the ones before it were
 * refused.</li>
 * <li>{@code p} known and {@code t < p - max-behind}: refused, behind its source's progress (it could only be
 * late).</li>
 * </ol>
 * Only an accepted record ends a row of records beyond the jump; records refused for another reason leave it as it
 * is, so a stray far-future record cannot interrupt the confirmation of a real gap. What the rules cannot tell: the
 * first record after a start or restart sets {@code p} unchecked, apart from rules 1 and 2 (there is nothing to
 * compare it with), so in a replay behind the wall clock a bad first record of a split moves its watermark.
 * <p>
 * Two sources get fewer rules, because the split's progress is wrong for them: control commands
 * ({@link #refusalSentAt}) are sparse, hours apart, and may apply to any earlier time, so their time is checked
 * against when their record was sent; a query_range export ({@link #refusalWithoutProgress}) is checked to go
 * forward before the job starts, so progress rules could only refuse the points after a real scrape gap.
 * <p>
 * The wall clock is read through {@link WallClock}, so tests can set it. Every reason starts with
 * {@value #REASON_START}, which {@link #isRefusal} recognises.
 */
public final class EventTimeGuard implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Event times before this are typos or epoch seconds, not events. */
    public static final long EARLIEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    /** Event times from this on are typos, and would overflow event-time arithmetic. */
    public static final long LATEST = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    public static final String REASON_START = "event time ";

    private static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * @param maxAhead         how far an event time may be ahead of the wall clock
     * @param maxJump          how far ahead of its split's progress an event time of a replay may be
     * @param maxBehind        how far behind its split's progress an event time may be
     * @param confirmJumpAfter records in a row beyond a jump that make it real (1: every jump is)
     */
    public record Limits(Duration maxAhead, Duration maxJump, Duration maxBehind, int confirmJumpAfter)
            implements Serializable {

        public static Limits defaults() {
            return new Limits(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(1), 100);
        }
    }

    /** The wall clock, epoch milliseconds. */
    @FunctionalInterface
    public interface WallClock extends Serializable {
        long millis();
    }

    /** The event time of a record, epoch milliseconds. */
    @FunctionalInterface
    public interface TimeOf<T> extends Serializable {
        long of(T record);
    }

    private final long maxAhead;
    private final long maxJump;
    private final long maxBehind;
    private final int confirmJumpAfter;
    private final Limits limits;
    private final WallClock clock;
    private transient Map<String, Split> partitions;
    private transient String lastSource;
    private transient int lastPartition;
    private transient Split lastSplit;

    public EventTimeGuard(Limits limits, WallClock clock) {
        this.limits = limits;
        this.clock = clock;
        this.maxAhead = limits.maxAhead().toMillis();
        this.maxJump = limits.maxJump().toMillis();
        this.maxBehind = limits.maxBehind().toMillis();
        this.confirmJumpAfter = Math.max(1, limits.confirmJumpAfter());
    }

    /** With the system's wall clock. */
    public EventTimeGuard(Limits limits) {
        this(limits, System::currentTimeMillis);
    }

    /** True for a reason this class gave (to count refusals where dead letters are split off). */
    public static boolean isRefusal(String reason) {
        return reason != null && reason.startsWith(REASON_START);
    }

    /** A new split with unknown progress: one per file, or per source a caller tells apart itself. */
    public Split newSplit() {
        return new Split();
    }

    /** The split of a partition of a source (a Kafka topic), created with unknown progress when first asked for. */
    public Split split(String source, int partition) {
        if (lastSplit != null && partition == lastPartition && source.equals(lastSource)) {
            return lastSplit;
        }
        if (partitions == null) {
            partitions = new HashMap<>();
        }
        lastSplit = partitions.computeIfAbsent(source + '/' + partition, key -> new Split());
        lastSource = source;
        lastPartition = partition;
        return lastSplit;
    }

    /**
     * For a record that says when it was sent (a control command and its Kafka record's timestamp), without a
     * split's progress: refused outside the plausible range, ahead of the wall clock, or more than {@code max-ahead}
     * after it was sent. Null when accepted.
     */
    public String refusalSentAt(long t, long sentAt) {
        String refusal = outsideRangeOrAhead(t, clock.millis());
        if (refusal == null && sentAt >= EARLIEST && t > sentAt + maxAhead) {
            return REASON_START + at(t) + " is ahead of the time its record was sent (" + at(sentAt)
                    + ") by more than event-time.max-ahead (" + format(limits.maxAhead()) + ")";
        }
        return refusal;
    }

    /**
     * Rules 1 and 2 only (the plausible range, the wall clock), for a source whose order is checked before the job
     * starts (a query_range export must go forward in time): there the progress rules would only refuse the points
     * after a real gap. Null when accepted.
     */
    public String refusalWithoutProgress(long t) {
        return outsideRangeOrAhead(t, clock.millis());
    }

    private String outsideRangeOrAhead(long t, long now) {
        if (t < EARLIEST || t >= LATEST) {
            return REASON_START + at(t) + " is outside the plausible range 2000-01-01 to 2100-01-01";
        }
        if (t > now + maxAhead) {
            return REASON_START + at(t) + " is ahead of the wall clock (" + at(now)
                    + ") by more than event-time.max-ahead (" + format(limits.maxAhead()) + ")";
        }
        return null;
    }

    private static String at(long t) {
        try {
            return Instant.ofEpochMilli(t).toString();
        } catch (RuntimeException e) {
            return t + " ms";
        }
    }

    private static String format(Duration d) {
        return TimeUtils.formatWithHighestUnit(d);
    }

    /** One source split's progress, and the row of records beyond a jump that may confirm it. Not thread-safe. */
    public final class Split {
        private long progress = UNKNOWN;
        private int row;
        private long rowFirst;

        private Split() {}

        /** Null when {@code t} is accepted (and the progress moves to it if later); else the reason. */
        public String refusal(long t) {
            long now = clock.millis();
            String refusal = outsideRangeOrAhead(t, now);
            if (refusal != null) {
                return refusal;
            }
            if (progress != UNKNOWN && t > progress + maxJump && t < now - maxJump) {
                row = row > 0 && Math.abs(t - rowFirst) <= maxJump ? row + 1 : 1;
                if (row == 1) {
                    rowFirst = t;
                }
                if (row < confirmJumpAfter) {
                    return REASON_START + at(t) + " is ahead of its source's progress (" + at(progress)
                            + ") by more than event-time.max-jump (" + format(limits.maxJump())
                            + "); a real jump is confirmed after " + confirmJumpAfter
                            + " records in a row beyond it (event-time.confirm-jump-after), this is " + row;
                }
            } else if (progress != UNKNOWN && t < progress - maxBehind) {
                return REASON_START + at(t) + " is behind its source's progress (" + at(progress)
                        + ") by more than event-time.max-behind (" + format(limits.maxBehind()) + ")";
            }
            row = 0;
            progress = progress == UNKNOWN ? t : Math.max(progress, t);
            return null;
        }

        /** The latest event time accepted, or null while unknown. */
        public Instant progress() {
            return progress == UNKNOWN ? null : Instant.ofEpochMilli(progress);
        }
    }
}
