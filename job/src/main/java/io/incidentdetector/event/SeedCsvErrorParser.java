package io.incidentdetector.event;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.file.LineParser;

import java.time.Instant;
import java.util.Locale;

/**
 * Reads the seed's error-stream CSV as it is: a header row naming {@code Timestamp}, {@code Build_Version},
 * {@code Error_Code} (and optionally a client or device id column), tab or comma separated (detected from the
 * header), times as {@code H:MM:SS} relative to a base instant. Byte-order mark and line endings are handled
 * by the file reader.
 */
public final class SeedCsvErrorParser implements LineParser<ClientErrorEvent> {

    private static final long serialVersionUID = 1L;

    /** Clock times beyond a week are taken for typos rather than data. */
    static final long MAX_HOURS = 7 * 24;

    private final long baseMillis;
    private final char separator;
    private final int timeColumn;
    private final int buildColumn;
    private final int codeColumn;
    private final int clientColumn;
    private final int columns;

    public SeedCsvErrorParser(Instant base) {
        this(base.toEpochMilli(), ',', -1, -1, -1, -1, 0);
    }

    private SeedCsvErrorParser(long baseMillis, char separator, int timeColumn, int buildColumn, int codeColumn,
            int clientColumn, int columns) {
        this.baseMillis = baseMillis;
        this.separator = separator;
        this.timeColumn = timeColumn;
        this.buildColumn = buildColumn;
        this.codeColumn = codeColumn;
        this.clientColumn = clientColumn;
        this.columns = columns;
    }

    @Override
    public boolean expectsHeader() {
        return true;
    }

    @Override
    public LineParser<ClientErrorEvent> withHeader(String header) throws InvalidRecordException {
        char sep = header.indexOf('\t') >= 0 ? '\t' : ',';
        String[] names = header.split(String.valueOf(sep), -1);
        int time = -1, build = -1, code = -1, client = -1;
        for (int i = 0; i < names.length; i++) {
            String name = names[i].trim().toLowerCase(Locale.ROOT).replace(' ', '_');
            switch (name) {
                case "timestamp", "time" -> time = i;
                case "build_version", "build" -> build = i;
                case "error_code", "code" -> code = i;
                case "client_id", "device_id", "client", "device" -> client = i;
                default -> { }
            }
        }
        if (time < 0 || build < 0 || code < 0) {
            throw new InvalidRecordException("expected columns Timestamp, Build_Version and Error_Code, got '"
                    + Shown.value(header) + "'");
        }
        return new SeedCsvErrorParser(baseMillis, sep, time, build, code, client, names.length);
    }

    @Override
    public ClientErrorEvent parse(String line) throws InvalidRecordException {
        if (columns == 0) {
            throw new IllegalStateException("header not read");
        }
        String[] cells = line.split(String.valueOf(separator), -1);
        if (cells.length < columns) {
            throw new InvalidRecordException("expected " + columns + " " + (separator == '\t' ? "tab" : "comma")
                    + "-separated columns, got " + cells.length);
        }
        long offset = clockSeconds(cells[timeColumn].trim());
        String build = cells[buildColumn].trim();
        if (build.isEmpty()) {
            throw new InvalidRecordException("empty Build_Version");
        }
        String problem = ServiceNames.problem(build);
        if (problem != null) {
            throw new InvalidRecordException("Build_Version is not a build name: it " + problem);
        }
        int code;
        try {
            code = Integer.parseInt(cells[codeColumn].trim());
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("Error_Code '" + Shown.value(cells[codeColumn].trim())
                    + "' is not an integer");
        }
        String client = clientColumn < 0 || cells[clientColumn].isBlank() ? null : cells[clientColumn].trim();
        ClientErrorJsonParser.checkLength("client", client);
        return new ClientErrorEvent(baseMillis + offset * 1000, build, code, client);
    }

    /** {@code H:MM:SS} (hours may have several digits) to seconds. */
    static long clockSeconds(String text) throws InvalidRecordException {
        String[] parts = text.split(":");
        if (parts.length != 3 || parts[1].length() != 2 || parts[2].length() != 2) {
            throw new InvalidRecordException("Timestamp '" + Shown.value(text) + "' is not H:MM:SS");
        }
        try {
            long h = Long.parseLong(parts[0]);
            int m = Integer.parseInt(parts[1]);
            int s = Integer.parseInt(parts[2]);
            if (h < 0 || m > 59 || s > 59 || m < 0 || s < 0) {
                throw new InvalidRecordException("Timestamp '" + Shown.value(text) + "' is out of range");
            }
            // one mistyped hour would move the watermark far ahead and make every later row late
            if (h >= MAX_HOURS) {
                throw new InvalidRecordException("Timestamp '" + Shown.value(text) + "' is more than " + MAX_HOURS
                        + " hours after the base time; clock times are offsets within a recording");
            }
            return h * 3600 + m * 60L + s;
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("Timestamp '" + Shown.value(text) + "' is not H:MM:SS");
        }
    }

    /** Formats an offset from the base as the seed does, {@code H:MM:SS}. */
    public static String clock(long offsetSeconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", offsetSeconds / 3600, (offsetSeconds / 60) % 60,
                offsetSeconds % 60);
    }
}
