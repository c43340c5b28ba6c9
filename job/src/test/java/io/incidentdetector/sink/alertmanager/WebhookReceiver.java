package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on a loopback port: keeps every notification Alertmanager posts to it. */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                notifications.add(JsonCodec.mapper().readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The notifications with a firing alert (what pages someone). */
    List<JsonNode> firing() {
        return notifications.stream().filter(n -> "firing".equals(n.path("status").asText())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
