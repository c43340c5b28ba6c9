package io.incidentdetector.connectors.file;

/**
 * One line of an input file after parsing: either {@code value} is set, or {@code error} says why the line
 * was rejected. Keeping both in one type lets the source assign timestamps and watermarks before the split
 * into the main stream and the dead-letter output.
 */
public record ParsedLine<T>(String file, long lineNumber, String line, T value, String error) {

    public static <T> ParsedLine<T> ok(String file, long lineNumber, T value) {
        return new ParsedLine<>(file, lineNumber, null, value, null);
    }

    public static <T> ParsedLine<T> failed(String file, long lineNumber, String line, String error) {
        return new ParsedLine<>(file, lineNumber, line, null, error);
    }

    public boolean isValid() {
        return error == null;
    }
}
