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
    /** Build names already read and found valid, reused instead of a new String a row. */
    private transient String[] builds;

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
        ClientErrorEvent plain = plain(line);
        return plain != null ? plain : thorough(line);
    }

    /**
     * A row in the usual shape (every field without surrounding spaces, plain ASCII digits, a build seen before or
     * valid) read without a String per field; null for anything else, which {@link #thorough} reads and, if
     * wrong, says why. Both give the same event for any row this one reads.
     */
    private ClientErrorEvent plain(String line) {
        long offset = -1;
        String build = null;
        int code = 0;
        boolean codeRead = false;
        String client = null;
        int fields = 0;
        int from = 0;
        int length = line.length();
        while (true) {
            int to = line.indexOf(separator, from);
            if (to < 0) {
                to = length;
            }
            if (fields == timeColumn) {
                offset = plainClock(line, from, to);
                if (offset < 0) {
                    return null;
                }
            } else if (fields == buildColumn) {
                build = knownBuild(line, from, to);
                if (build == null) {
                    return null;
                }
            } else if (fields == codeColumn) {
                long value = plainInt(line, from, to);
                if (value == Long.MIN_VALUE) {
                    return null;
                }
                code = (int) value;
                codeRead = true;
            } else if (fields == clientColumn && to > from) {
                if (!trimmed(line, from, to) || to - from > ClientErrorJsonParser.MAX_LENGTH) {
                    return null;
                }
                client = line.substring(from, to);
            }
            fields++;
            if (to == length) {
                break;
            }
            from = to + 1;
        }
        if (fields < columns || offset < 0 || build == null || !codeRead) {
            return null;
        }
        return new ClientErrorEvent(baseMillis + offset * 1000, build, code, client);
    }

    private static boolean trimmed(String line, int from, int to) {
        return to > from && line.charAt(from) > ' ' && line.charAt(to - 1) > ' ';
    }

    /** {@code H:MM:SS} in range as seconds, or -1. */
    private static long plainClock(String line, int from, int to) {
        int firstColon = line.indexOf(':', from);
        if (firstColon <= from || firstColon > from + 6 || to - firstColon != 6 || line.charAt(firstColon + 3) != ':') {
            return -1;
        }
        long h = plainInt(line, from, firstColon);
        long m = plainInt(line, firstColon + 1, firstColon + 3);
        long s = plainInt(line, firstColon + 4, to);
        if (h < 0 || m < 0 || s < 0 || m > 59 || s > 59 || h >= MAX_HOURS) {
            return -1;
        }
        return h * 3600 + m * 60 + s;
    }

    /** ASCII digits with an optional minus, at most nine of them, or {@code Long.MIN_VALUE}. */
    private static long plainInt(String line, int from, int to) {
        boolean negative = from < to && line.charAt(from) == '-';
        int digits = negative ? from + 1 : from;
        if (digits >= to || to - digits > 9) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (int i = digits; i < to; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    /** The build named in the field, one String per distinct name; null if the field needs a thorough look. */
    private String knownBuild(String line, int from, int to) {
        if (!trimmed(line, from, to)) {
            return null;
        }
        if (builds == null) {
            builds = new String[8];
        }
        int length = to - from;
        for (String known : builds) {
            if (known != null && known.length() == length && line.regionMatches(from, known, 0, length)) {
                return known;
            }
        }
        String build = line.substring(from, to);
        if (ServiceNames.problem(build) != null) {
            return null;
        }
        builds[Math.floorMod(build.hashCode(), builds.length)] = build;
        return build;
    }

    private ClientErrorEvent thorough(String line) throws InvalidRecordException {
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
