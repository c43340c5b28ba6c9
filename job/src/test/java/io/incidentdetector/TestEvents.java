package io.incidentdetector;

import io.incidentdetector.config.GroupConfig;
import io.incidentdetector.heat.GroupMember;
import io.incidentdetector.heat.PairHeat;
import io.incidentdetector.judge.WindowVerdict;

import java.time.Instant;
import java.util.List;

/** Shared constants and builders for operator tests: windows of 10 s from a fixed start. */
public final class TestEvents {

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    public static final long WINDOW_MS = 10_000;
    public static final String CART = "frontend->cartservice";
    public static final String PAYMENT = "checkoutservice->paymentservice";
    public static final String GROUP = "checkout-path";
    public static final GroupConfig CHECKOUT = new GroupConfig(GROUP, List.of(CART, PAYMENT), 10.0, 4.0, 2);

    private TestEvents() {}

    /** End of window {@code n} (1-based): START + n windows. */
    public static Instant windowEnd(int n) {
        return START.plusMillis(n * WINDOW_MS);
    }

    public static long ts(int n) {
        return windowEnd(n).toEpochMilli();
    }

    public static WindowVerdict verdict(String pair, int window, int anomalies) {
        double y = anomalies > 0 ? 210 : 8;
        return new WindowVerdict(windowEnd(window), pair, 20, y, 8.0, 7.0, 9.0, anomalies, Math.abs(y - 8),
                Math.abs(y - 8) / y, "trained");
    }

    public static PairHeat heat(String pair, int window, double accumulator) {
        return new PairHeat(windowEnd(window), pair, accumulator, 6, accumulator > 6, verdict(pair, window,
                accumulator > 0 ? 1 : 0));
    }

    public static GroupMember member(String pair, int window, double accumulator) {
        return new GroupMember(GROUP, heat(pair, window, accumulator));
    }
}
