package io.incidentdetector.config;

import java.util.List;

/** A configuration the job refuses to start with; every problem names its key and how to fix it. */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String origin, List<String> problems) {
        super((origin.startsWith("--") ? "invalid option " : "invalid configuration ") + origin + ":\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
