package io.incidentdetector.evaluate;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.scenario.FaultTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a labels file: CSV with a header {@code start,end,target[,severity]}, one fault per line. Times are ISO-8601
 * ({@code 2026-01-01T10:00:00Z}) or Unix seconds, as Prometheus writes them; the target is a service, a pair
 * ({@code caller->callee}), a caller's CPU ({@code caller:<service>}: every call it makes), a pod's network
 * ({@code pod:<service>}: its calls in and out) or {@code code:<n>} for a canary regression; severity is SEV1 or SEV2 and optional. Blank
 * lines and lines starting with {@code #} are skipped. A bad line fails with its number and the fix.
 */
public final class LabelsFile {

    private LabelsFile() {}

    public static List<FaultLabel> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<FaultLabel> labels = new ArrayList<>();
        boolean header = true;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                if (line.toLowerCase().startsWith("start,")) {
                    continue;
                }
            }
            labels.add(parse(line, file + ":" + n));
        }
        return labels;
    }

    static FaultLabel parse(String line, String where) {
        String[] f = line.split(",", -1);
        if (f.length < 3 || f.length > 4) {
            throw bad(where, "expected start,end,target[,severity], got " + f.length + " fields");
        }
        Instant start = time(f[0].strip(), where);
        Instant end = time(f[1].strip(), where);
        if (!end.isAfter(start)) {
            throw bad(where, "end " + end + " is not after start " + start);
        }
        String target = f[2].strip();
        if (target.isEmpty()) {
            throw bad(where, "the target is empty");
        }
        Severity severity = null;
        if (f.length == 4 && !f[3].isBlank()) {
            try {
                severity = Severity.valueOf(f[3].strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw bad(where, "severity '" + f[3].strip() + "' is not SEV1 or SEV2");
            }
        }
        IncidentKind kind = target.startsWith("code:") ? IncidentKind.ERROR_RATE : IncidentKind.LATENCY;
        if (kind == IncidentKind.LATENCY) {
            try {
                FaultTarget.parse(target);
            } catch (IllegalArgumentException e) {
                throw bad(where, e.getMessage());
            }
        }
        return new FaultLabel(target, start, end, severity, kind);
    }

    private static Instant time(String text, String where) {
        try {
            if (text.matches("\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw bad(where, "'" + text + "' is not a time");
        }
    }

    private static ConfigException bad(String where, String problem) {
        return new ConfigException("--labels", List.of(where + ": " + problem
                + ". Fix: write lines like 2026-01-01T10:00:00Z,2026-01-01T10:03:00Z,cartservice,SEV2"));
    }
}
