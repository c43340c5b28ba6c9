package io.incidentdetector.plan;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.connectors.file.LineParser;
import io.incidentdetector.connectors.file.LineParsingFormat;
import io.incidentdetector.connectors.file.ParsedLine;
import io.incidentdetector.event.BuildVersion;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ClientErrorJsonParser;
import io.incidentdetector.event.SeedCsvErrorParser;

import org.apache.flink.connector.file.src.reader.StreamFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Decides which build is the baseline and which the canary: as configured, or, for file inputs, by reading the
 * files once at start-up: exactly two builds must be there, and the lower version is the baseline.
 */
public final class BuildInference {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BuildInference.class);

    private BuildInference() {}

    /** {@code [baseline, canary]}. */
    public static String[] builds(CanaryConfig config, List<Path> csvFiles, List<Path> jsonFiles) {
        TreeSet<String> builds = new TreeSet<>(BuildVersion.ORDER);
        for (Path file : csvFiles) {
            builds.addAll(scan(file, new SeedCsvErrorParser(config.baseTime())));
        }
        for (Path file : jsonFiles) {
            builds.addAll(scan(file, new ClientErrorJsonParser()));
        }
        if (config.baselineBuild() != null) {
            for (String build : List.of(config.baselineBuild(), config.canaryBuild())) {
                if (!builds.contains(build)) {
                    LOG.warn("configured build {} does not occur in the input (builds there: {}); check"
                            + " canary.baseline-build and canary.canary-build", build, builds);
                }
            }
            return new String[] {config.baselineBuild(), config.canaryBuild()};
        }
        if (builds.size() != 2) {
            throw new ConfigException("canary builds", List.of("the input has " + builds.size() + " build"
                    + (builds.size() == 1 ? "" : "s") + " " + builds + ", so the baseline and canary cannot be"
                    + " inferred. Fix: set canary.baseline-build and canary.canary-build"));
        }
        return new String[] {builds.first(), builds.last()};
    }

    private static List<String> scan(Path file, LineParser<ClientErrorEvent> parser) {
        List<String> builds = new ArrayList<>();
        try (StreamFormat.Reader<ParsedLine<ClientErrorEvent>> lines = LineParsingFormat.reader(file.toString(), parser,
                Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            ParsedLine<ClientErrorEvent> line;
            while ((line = lines.read()) != null) {
                if (line.isValid()) {
                    if (!builds.contains(line.value().build())) {
                        builds.add(line.value().build());
                    }
                } else if (line.error().startsWith(LineParsingFormat.UNUSABLE_HEADER)) {
                    throw new ConfigException(file.toString(), List.of(line.error()
                            + ". Fix: the first line must name the columns Timestamp, Build_Version, Error_Code"));
                }
                // other unreadable lines become dead letters when the job reads the file
            }
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        return builds;
    }
}
