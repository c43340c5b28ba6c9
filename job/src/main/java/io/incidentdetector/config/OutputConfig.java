package io.incidentdetector.config;

import java.io.Serializable;

/**
 * @param dir      folder for the JSON-lines outputs of a run
 * @param verdicts also write every window verdict ({@code windows.jsonl}); one line per pair per window
 */
public record OutputConfig(String dir, Boolean verdicts) implements Serializable {

    public OutputConfig {
        dir = dir == null ? "out" : dir;
        verdicts = verdicts == null ? Boolean.TRUE : verdicts;
    }

    /** Every setting at its default. */
    public static OutputConfig defaults() {
        return new OutputConfig(null, null);
    }

    void check(Problems p) {
        p.notBlank("output.dir", dir, "name a folder such as out");
    }
}
