package io.incidentdetector.sink.alertmanager;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The start of an answer, as text: at most {@code max} bytes are kept, and once more arrive the exchange is
 * cancelled, so an endless or huge answer (a proxy's page) costs no more than that. Alertmanager's own answers are a
 * few bytes, and only their start ever reaches a log line.
 */
final class FirstBytes implements HttpResponse.BodySubscriber<FirstBytes.Text> {

    /** The text kept, and whether the answer went on beyond it. */
    record Text(String text, boolean cut) {}

    private final byte[] kept;
    private final CompletableFuture<Text> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private int size;

    FirstBytes(int max) {
        this.kept = new byte[max];
    }

    @Override
    public CompletionStage<Text> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int take = Math.min(buffer.remaining(), kept.length - size);
            buffer.get(kept, size, take);
            size += take;
            if (buffer.hasRemaining()) {
                subscription.cancel();
                body.complete(text(true));
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(text(false));
    }

    private Text text(boolean cut) {
        return new Text(new String(Arrays.copyOf(kept, size), StandardCharsets.UTF_8), cut);
    }
}
