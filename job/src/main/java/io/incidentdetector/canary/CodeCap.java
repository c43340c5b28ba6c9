package io.incidentdetector.canary;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code canary.max-codes}: the distinct error codes one comparison compares at once. A code is admitted while there
 * is room; once the cap is reached, each finished bin forgets the stale codes (no error of either build in the bins
 * kept, which are as many as the longest alert window, and no alert active: such a code can neither alert nor colour
 * a cell), and a new code takes a free place or is refused. Below the cap nothing is forgotten, so the comparison is
 * exactly that of an uncapped one.
 */
final class CodeCap implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxCodes;

    CodeCap(int maxCodes) {
        this.maxCodes = maxCodes;
    }

    /** Whether counts of {@code code} are compared: a known code, or a new one with room left (then it is known). */
    boolean admit(CanaryState state, int code) {
        if (state.codes.containsKey(code)) {
            return true;
        }
        if (state.codes.size() >= maxCodes) {
            return false;
        }
        state.codes.put(code, Boolean.TRUE);
        return true;
    }

    /** After a finished bin, at the cap: forgets the stale codes. */
    void pruneStale(CanaryState state) {
        if (state.codes.size() < maxCodes) {
            return;
        }
        Set<Integer> keep = new HashSet<>();
        for (FinishedBin bin : state.recent) {
            keep.addAll(bin.baseline.keySet());
            keep.addAll(bin.canary.keySet());
        }
        keep.addAll(state.open.baseline.keySet());
        keep.addAll(state.open.canary.keySet());
        for (String alert : state.active.keySet()) {
            keep.add(Integer.valueOf(alert.substring(0, alert.indexOf('/'))));
        }
        state.codes.keySet().removeIf(code -> !keep.contains(code));
    }

    /** A refused count as a dead letter: the count as JSON, and the reason with its fixes. */
    DeadLetter refusal(SecondCount count, int codesCompared, int binsKept) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("build", count.build());
        fields.put("code", count.code());
        fields.put("second", Instant.ofEpochMilli(count.second()).toString());
        fields.put("count", count.count());
        return new DeadLetter("canary.max-codes", 0, JsonCodec.mapper().writeValueAsString(fields),
                "canary.max-codes (" + maxCodes + ") reached: " + codesCompared + " codes are compared and none is"
                        + " stale (each had an error in the last " + binsKept + " bins, or is in alert), so code "
                        + count.code() + " of build " + count.build() + " is not compared (" + count.count()
                        + " errors in this second). Fix: raise canary.max-codes, or find what sends so many distinct"
                        + " codes", Instant.ofEpochMilli(count.second()));
    }
}
