package io.incidentdetector.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Records a broken or hostile producer sends to the service-calls topic: garbage bytes, truncated and deeply nested
 * JSON, a near-1-MB record, impossible latencies, and events stamped in 2090, in 1970 and a day ahead of the wall
 * clock. Each must become a dead letter with its reason and leave the job's incidents as they were.
 */
final class HostileRecords {

    private static final long DAY = 86_400_000L;

    private HostileRecords() {}

    /** Between 5 and 12 hostile records, drawn from {@code random}; {@code now} is the wall clock in epoch ms. */
    static List<byte[]> some(Random random, long now) {
        List<byte[]> records = new ArrayList<>();
        int n = 5 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            records.add(one(random, now));
        }
        return records;
    }

    private static byte[] one(Random random, long now) {
        return switch (random.nextInt(8)) {
            case 0 -> {
                byte[] garbage = new byte[1 + random.nextInt(2_000)];
                random.nextBytes(garbage);
                yield garbage;
            }
            case 1 -> utf8(call(4_102_444_800_000L + random.nextInt(1_000), "12.5")); // 2100-01-01: far ahead
            case 2 -> utf8(call(3_786_912_000_000L, "12.5")); // 2090-01-01
            case 3 -> utf8(call(random.nextInt(1_000), "12.5")); // 1970
            case 4 -> utf8(call(now + DAY, "12.5")); // a day ahead of the wall clock
            case 5 -> utf8("{\"timestamp\":" + now + ",\"source\":\"frontend\",\"destination\":\"cartservice\","
                    + "\"latencyMs\":\"" + "9".repeat(1_000_000 - 200) + "\",\"status\":200}");
            case 6 -> utf8("[".repeat(5_000) + "]".repeat(5_000));
            default -> utf8(call(now, "-1").substring(0, 40));
        };
    }

    private static String call(long timestamp, String latency) {
        return "{\"timestamp\":" + timestamp + ",\"source\":\"frontend\",\"destination\":\"cartservice\",\"latencyMs\":"
                + latency + ",\"status\":200}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
