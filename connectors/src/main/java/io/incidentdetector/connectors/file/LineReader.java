package io.incidentdetector.connectors.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines ended by LF, CRLF or a bare CR (which {@link java.io.BufferedReader} also accepts, but this class
 * additionally strips a leading UTF-8 byte-order mark and counts line numbers, 1-based).
 */
public final class LineReader implements Closeable {

    private static final char BOM = '\uFEFF';

    private final Reader in;
    private final StringBuilder buffer = new StringBuilder(128);
    // read in chunks: a call to the reader per character costs more than the rest of a short line's parsing
    private final char[] chunk = new char[8192];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean first = true;

    public LineReader(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of input. */
    public String next() throws IOException {
        if (!fill()) {
            return null;
        }
        buffer.setLength(0);
        while (true) {
            int from = position;
            while (position < limit) {
                char c = chunk[position];
                if (c == '\n' || c == '\r') {
                    String line = line(from, position);
                    position++;
                    if (c == '\r' && fill() && chunk[position] == '\n') {
                        position++;
                    }
                    lineNumber++;
                    return line;
                }
                position++;
            }
            buffer.append(chunk, from, position - from);
            if (!fill()) {
                lineNumber++;
                return buffer.toString();
            }
        }
    }

    /** The line ending at {@code to} in the chunk, with what the buffer holds of it from earlier chunks. */
    private String line(int from, int to) {
        if (buffer.length() == 0) {
            return new String(chunk, from, to - from);
        }
        buffer.append(chunk, from, to - from);
        return buffer.toString();
    }

    /** Number of the line last returned by {@link #next()}. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Whether a character is there to read, reading the next chunk if needed. */
    private boolean fill() throws IOException {
        while (position == limit) {
            int n = in.read(chunk, 0, chunk.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            if (first && n > 0) {
                first = false;
                if (chunk[0] == BOM) {
                    position = 1;
                }
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
