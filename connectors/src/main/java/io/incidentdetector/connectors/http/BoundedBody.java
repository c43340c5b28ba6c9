package io.incidentdetector.connectors.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP answer's body taken piece by piece as it arrives, never more than {@code maxBytes} of it: at that byte the
 * exchange is cancelled and the body ends there, {@link #cut()}. A subclass takes each piece, and may stop reading
 * earlier; the JDK's client runs it on its own threads.
 */
public abstract class BoundedBody<T> implements HttpResponse.BodySubscriber<T> {

    private final long maxBytes;
    private final CompletableFuture<T> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long received;
    private boolean cut;

    protected BoundedBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes the next bytes of the body; false to read no more (the exchange is cancelled). */
    protected abstract boolean take(ByteBuffer bytes);

    /** The whole body has been taken: a last word before {@link #result()}. */
    protected void ended() {}

    /** What the body gives, once it ended, was cut, or was no longer read. */
    protected abstract T result();

    /** Whether the body went on beyond {@code maxBytes}. */
    public final boolean cut() {
        return cut;
    }

    /** Bytes received, including those of the piece that went beyond the cap. */
    public final long bytesReceived() {
        return received;
    }

    @Override
    public final CompletionStage<T> getBody() {
        return body;
    }

    @Override
    public final void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public final void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int length = (int) Math.min(buffer.remaining(), maxBytes - received);
            received += buffer.remaining();
            cut = received > maxBytes;
            boolean more = take(buffer.slice(buffer.position(), length));
            if (cut || !more) {
                subscription.cancel();
                body.complete(result());
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public final void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public final void onComplete() {
        if (!body.isDone()) {
            ended();
            body.complete(result());
        }
    }
}
