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
    private long lineNumber;
    private int pushedBack = -1;
    private boolean first = true;

    public LineReader(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of input. */
    public String next() throws IOException {
        buffer.setLength(0);
        int c = read();
        if (c == -1) {
            return null;
        }
        while (c != -1 && c != '\n' && c != '\r') {
            buffer.append((char) c);
            c = read();
        }
        if (c == '\r') {
            int after = read();
            if (after != '\n' && after != -1) {
                pushedBack = after;
            }
        }
        lineNumber++;
        return buffer.toString();
    }

    /** Number of the line last returned by {@link #next()}. */
    public long lineNumber() {
        return lineNumber;
    }

    private int read() throws IOException {
        if (pushedBack != -1) {
            int c = pushedBack;
            pushedBack = -1;
            return c;
        }
        int c = in.read();
        if (first) {
            first = false;
            if (c == BOM) {
                c = in.read();
            }
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
