package io.incidentdetector.evaluate;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder laid out like a NAB category: {@code *.csv} series ({@code timestamp,value}, naive timestamps read as UTC),
 * {@code windows.json} (NAB's label windows by file name) and optionally {@code profiles.json} (NAB's profiles; the
 * {@code standard} one is used, else NAB's standard weights).
 */
public final class NabDataSet {

    private static final String OPTION = "--nab";
    private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    /** One series: its file name, rows (NaN where a value is missing) and labelled windows. */
    public record Series(String file, List<Instant> timestamps, List<Double> values, List<NabScorer.Window> windows) {}

    private NabDataSet() {}

    /** Every {@code *.csv} of {@code dir} with its windows, by file name. */
    public static List<Series> read(Path dir) {
        Path windowsFile = dir.resolve("windows.json");
        if (!Files.isReadable(windowsFile)) {
            throw new ConfigException(OPTION, List.of("'" + windowsFile + "' is missing. Fix: give a folder with NAB's"
                    + " windows.json next to its .csv files"));
        }
        try {
            JsonNode windows = JsonCodec.mapper().readTree(windowsFile.toFile());
            List<Path> files;
            try (Stream<Path> listed = Files.list(dir)) {
                files = listed.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new ConfigException(OPTION, List.of("'" + dir + "' holds no .csv series. Fix: give a folder of"
                        + " NAB series (timestamp,value)"));
            }
            List<Series> series = new ArrayList<>();
            for (Path file : files) {
                String name = file.getFileName().toString();
                JsonNode labelled = windows.get(name);
                if (labelled == null) {
                    throw new ConfigException(OPTION, List.of(name + " has no entry in windows.json. Fix: add \""
                            + name + "\": [] if it has no anomaly"));
                }
                series.add(readSeries(file, name, labelled));
            }
            return series;
        } catch (IOException e) {
            throw new ConfigException(OPTION, List.of("cannot read '" + dir + "': " + e.getMessage()));
        }
    }

    /** The {@code standard} profile of {@code profiles.json} when the folder has one, else NAB's standard weights. */
    public static NabProfile standardProfile(Path dir) {
        Path file = dir.resolve("profiles.json");
        if (!Files.isReadable(file)) {
            return NabProfile.STANDARD;
        }
        try {
            JsonNode costs = JsonCodec.mapper().readTree(file.toFile()).path("standard").path("CostMatrix");
            if (costs.isMissingNode()) {
                return NabProfile.STANDARD;
            }
            return new NabProfile(costs.path("tpWeight").asDouble(), costs.path("fnWeight").asDouble(),
                    costs.path("fpWeight").asDouble());
        } catch (IOException e) {
            throw new ConfigException(OPTION, List.of("cannot read '" + file + "': " + e.getMessage()));
        }
    }

    private static Series readSeries(Path file, String name, JsonNode labelled) throws IOException {
        List<Instant> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length < 2) {
                throw new ConfigException(OPTION, List.of(name + " line " + (n + 1) + ": '" + line + "' is not"
                        + " timestamp,value. Fix: e.g. 2014-02-14 14:30:00,0.132"));
            }
            timestamps.add(time(cells[0], name + " line " + (n + 1)));
            values.add(value(cells[1]));
        }
        List<NabScorer.Window> windows = new ArrayList<>();
        for (JsonNode w : labelled) {
            windows.add(new NabScorer.Window(time(w.get(0).asText(), name + " window"),
                    time(w.get(1).asText(), name + " window")));
        }
        return new Series(name, timestamps, values, windows);
    }

    private static Instant time(String text, String where) {
        try {
            return LocalDateTime.parse(text.strip(), NAIVE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ConfigException(OPTION, List.of(where + ": '" + text + "' is not a time. Fix: write it as"
                    + " 2014-02-14 14:30:00"));
        }
    }

    private static double value(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
