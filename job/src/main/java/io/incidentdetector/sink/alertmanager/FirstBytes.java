package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.http.BoundedBody;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The start of an answer, as text: at most {@code max} bytes are kept, and once more arrive the exchange is
 * cancelled, so an endless or huge answer (a proxy's page) costs no more than that. Alertmanager's own answers are a
 * few bytes, and only their start ever reaches a log line.
 */
final class FirstBytes extends BoundedBody<FirstBytes.Text> {

    /** The text kept, and whether the answer went on beyond it. */
    record Text(String text, boolean cut) {}

    private final byte[] kept;
    private int size;

    FirstBytes(int max) {
        super(max);
        this.kept = new byte[max];
    }

    @Override
    protected boolean take(ByteBuffer bytes) {
        int length = bytes.remaining();
        bytes.get(kept, size, length);
        size += length;
        return true;
    }

    @Override
    protected Text result() {
        return new Text(new String(kept, 0, size, StandardCharsets.UTF_8), cut());
    }
}
