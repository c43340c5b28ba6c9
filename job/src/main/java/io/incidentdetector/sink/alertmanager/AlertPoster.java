package io.incidentdetector.sink.alertmanager;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Sends a JSON array of alerts to one Alertmanager without blocking; the future never completes exceptionally. */
interface AlertPoster {

    CompletableFuture<PostResult> post(URI endpoint, byte[] alerts);
}
