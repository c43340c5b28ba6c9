package io.incidentdetector.connectors.eventtime;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeGuardTest {

    /** The wall clock of these tests: late in 2026, so that data of 2026-01-01 is a replay. */
    static final long NOW = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
    static final long DATA = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    final long[] now = {NOW};
    final EventTimeGuard guard = new EventTimeGuard(EventTimeGuard.Limits.defaults(), clock(now));

    /** A clock that reads {@code t[0]} (and is serializable: it holds nothing else). */
    static EventTimeGuard.WallClock clock(long[] t) {
        return () -> t[0];
    }

    @Test
    void timesOutsideThePlausibleRangeAreRefusedEvenAsTheFirstOfASplit() {
        assertThat(guard.newSplit().refusal(Instant.parse("1970-01-01T00:00:01Z").toEpochMilli()))
                .isEqualTo("event time 1970-01-01T00:00:01Z is outside the plausible range 2000-01-01 to 2100-01-01");
        assertThat(guard.newSplit().refusal(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()))
                .contains("outside the plausible range");
        assertThat(guard.newSplit().refusal(Long.MAX_VALUE)).contains("outside the plausible range");
        assertThat(guard.newSplit().refusal(EventTimeGuard.EARLIEST)).isNull();
    }

    @Test
    void aTimeAheadOfTheWallClockIsRefusedWhateverTheProgress() {
        EventTimeGuard.Split split = guard.newSplit();
        assertThat(split.refusal(Instant.parse("2090-01-01T00:00:00Z").toEpochMilli())).isEqualTo(
                "event time 2090-01-01T00:00:00Z is ahead of the wall clock (2026-12-07T12:00:00Z) by more than"
                        + " event-time.max-ahead (5 min)");
        assertThat(split.progress()).as("a refused time is not progress").isNull();
        assertThat(split.refusal(NOW + 5 * MINUTE)).as("producers' clock skew within max-ahead").isNull();
        assertThat(split.refusal(NOW + DAY)).contains("ahead of the wall clock");
        assertThat(split.progress()).isEqualTo(Instant.ofEpochMilli(NOW + 5 * MINUTE));
    }

    @Test
    void inAReplayATimeFarAheadOfItsSplitsProgressIsRefusedAndTheNextRecordsPass() {
        EventTimeGuard.Split split = guard.newSplit();
        for (int s = 0; s < 600; s++) {
            assertThat(split.refusal(DATA + s * 1000L)).isNull();
        }
        assertThat(split.refusal(DATA + DAY)).isEqualTo("event time 2026-01-02T00:00:00Z is ahead of its source's"
                + " progress (2026-01-01T00:09:59Z) by more than event-time.max-jump (1 h); a real jump is confirmed"
                + " after 100 records in a row beyond it (event-time.confirm-jump-after), this is 1");
        assertThat(split.refusal(DATA + 600_000)).isNull();
        assertThat(split.progress()).isEqualTo(Instant.ofEpochMilli(DATA + 600_000));
        assertThat(split.refusal(DATA + 2 * HOUR)).as("a new row starts").endsWith("this is 1");
    }

    @Test
    void aRealGapInAReplayIsConfirmedByTheHundredthRecordBeyondIt() {
        EventTimeGuard.Split split = guard.newSplit();
        assertThat(split.refusal(DATA)).isNull();
        long afterGap = DATA + 3 * HOUR;
        for (int i = 1; i < 100; i++) {
            assertThat(split.refusal(afterGap + i * 1000L)).endsWith("this is " + i);
            if (i == 50) {
                // a stray record refused for another reason does not break the row
                assertThat(split.refusal(Instant.parse("2090-01-01T00:00:00Z").toEpochMilli()))
                        .contains("wall clock");
            }
        }
        assertThat(split.refusal(afterGap + 100_000)).as("the 100th in a row").isNull();
        assertThat(split.progress()).isEqualTo(Instant.ofEpochMilli(afterGap + 100_000));
        assertThat(split.refusal(afterGap + 101_000)).isNull();
        assertThat(split.refusal(DATA)).as("behind the new progress, but within max-behind").isNull();
    }

    @Test
    void aRowOfRecordsBeyondTheJumpMustStayCloseToItsFirst() {
        EventTimeGuard.Split split = confirmingAfter(3).newSplit();
        split.refusal(DATA);
        assertThat(split.refusal(DATA + 2 * HOUR)).endsWith("this is 1");
        assertThat(split.refusal(DATA + 5 * HOUR)).as("not within max-jump of the first: a new row")
                .endsWith("this is 1");
        assertThat(split.refusal(DATA + 5 * HOUR + 1)).endsWith("this is 2");
        assertThat(split.refusal(DATA + 5 * HOUR + 2)).isNull();
        // an accepted record ends a row
        assertThat(split.refusal(DATA + 7 * HOUR)).endsWith("this is 1");
        assertThat(split.refusal(DATA + 5 * HOUR + 3)).isNull();
        assertThat(split.refusal(DATA + 7 * HOUR + 1)).endsWith("this is 1");
    }

    @Test
    void aTimeFarBehindItsSplitsProgressIsRefused() {
        EventTimeGuard.Split split = guard.newSplit();
        split.refusal(DATA + 2 * DAY);
        assertThat(split.refusal(DATA + DAY)).as("a day behind: late, but not refused").isNull();
        assertThat(split.refusal(DATA)).isEqualTo("event time 2026-01-01T00:00:00Z is behind its source's progress"
                + " (2026-01-03T00:00:00Z) by more than event-time.max-behind (1 d)");
        assertThat(split.progress()).isEqualTo(Instant.ofEpochMilli(DATA + 2 * DAY));
    }

    @Test
    void aLiveSourceThatResumesAfterAPauseIsNotAJump() {
        EventTimeGuard.Split split = guard.newSplit();
        assertThat(split.refusal(NOW - 3 * HOUR)).isNull();
        assertThat(split.refusal(NOW - 10_000)).as("three hours later, about now").isNull();
        assertThat(split.progress()).isEqualTo(Instant.ofEpochMilli(NOW - 10_000));
        now[0] += 2 * HOUR;
        assertThat(split.refusal(now[0])).isNull();
        assertThat(split.refusal(now[0] - 2 * DAY)).contains("behind its source's progress");
    }

    @Test
    void progressIsUnknownAtFirstAndAfterARestartAndPerSplit() throws Exception {
        EventTimeGuard.Split first = guard.split("calls", 0);
        first.refusal(DATA);
        assertThat(guard.split("calls", 0)).isSameAs(first);
        assertThat(guard.split("calls", 1).progress()).as("another partition").isNull();
        assertThat(guard.split("errors", 0).progress()).as("another topic").isNull();
        assertThat(guard.split("calls", 0).refusal(DATA + DAY)).contains("ahead of its source's progress");

        // a restart: the guard comes back from the job graph, with nothing of the splits' progress
        EventTimeGuard restarted = roundTrip(guard);
        assertThat(restarted.split("calls", 0).progress()).isNull();
        assertThat(restarted.split("calls", 0).refusal(DATA + DAY)).isNull();
    }

    @Test
    void aRecordThatSaysWhenItWasSentMayNotBeAheadOfThat() {
        long sent = DATA + HOUR;
        assertThat(guard.refusalSentAt(DATA, sent)).as("a command for an earlier time applies at once").isNull();
        assertThat(guard.refusalSentAt(sent + 5 * MINUTE, sent)).isNull();
        assertThat(guard.refusalSentAt(sent + DAY, sent)).isEqualTo("event time 2026-01-02T01:00:00Z is ahead of the"
                + " time its record was sent (2026-01-01T01:00:00Z) by more than event-time.max-ahead (5 min)");
        assertThat(guard.refusalSentAt(NOW + DAY, NOW + DAY)).contains("ahead of the wall clock");
        assertThat(guard.refusalSentAt(Instant.parse("1999-12-31T00:00:00Z").toEpochMilli(), sent))
                .contains("outside the plausible range");
        assertThat(guard.refusalSentAt(DATA + DAY, -1)).as("no record timestamp").isNull();
    }

    @Test
    void withoutProgressOnlyTheRangeAndTheWallClockCount() {
        assertThat(guard.refusalWithoutProgress(DATA)).isNull();
        assertThat(guard.refusalWithoutProgress(DATA + 30 * DAY)).isNull();
        assertThat(guard.refusalWithoutProgress(NOW + HOUR)).contains("ahead of the wall clock");
        assertThat(guard.refusalWithoutProgress(0)).contains("outside the plausible range");
    }

    @Test
    void everyReasonIsRecognisedAsARefusalOfTheEventTime() {
        assertThat(EventTimeGuard.isRefusal(guard.newSplit().refusal(0))).isTrue();
        assertThat(EventTimeGuard.isRefusal("not JSON: ...")).isFalse();
        assertThat(EventTimeGuard.isRefusal(null)).isFalse();
    }

    @Test
    void confirmJumpAfterOneAcceptsEveryJump() {
        EventTimeGuard.Split split = confirmingAfter(1).newSplit();
        split.refusal(DATA);
        assertThat(split.refusal(DATA + DAY)).isNull();
    }

    /** The default limits, but a jump is confirmed by {@code records} in a row. */
    private EventTimeGuard confirmingAfter(int records) {
        return new EventTimeGuard(new EventTimeGuard.Limits(Duration.ofMinutes(5), Duration.ofHours(1),
                Duration.ofDays(1), records), clock(now));
    }

    private static EventTimeGuard roundTrip(EventTimeGuard guard) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(guard);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (EventTimeGuard) in.readObject();
        }
    }
}
