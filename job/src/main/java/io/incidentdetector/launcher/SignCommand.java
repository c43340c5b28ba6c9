package io.incidentdetector.launcher;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ControlKeyConfig;
import io.incidentdetector.control.CommandSignature;
import io.incidentdetector.control.ControlKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Signs control commands, one JSON object per line of the standard input, and prints each as a line for
 * {@code kafka-console-producer.sh --property parse.headers=true}: the key id and signature headers, a tab, the
 * command. A command without {@code id} or {@code at} gets them (a new id, now), since a signed command must carry
 * both; one that has both is signed byte for byte as given, as {@code openssl dgst -sha256 -hmac} would.
 */
@Command(name = "sign-command", mixinStandardHelpOptions = true,
        description = "Sign control commands (one JSON object per line on stdin) for kafka-console-producer.sh with"
                + " --property parse.headers=true.")
final class SignCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--key-id", required = true, description = "the key's id, as in control.auth.keys")
    String keyId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Secret secret;

    static final class Secret {
        @Option(names = "--key-env", description = "environment variable holding the key's secret")
        String env;
        @Option(names = "--key-file", description = "file holding the key's secret")
        String file;
    }

    PrintStream out = System.out;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        if (!ControlKeyConfig.ID.matcher(keyId).matches()) {
            throw new ConfigException("--key-id", List.of("'" + keyId + "' is not a key id: 1 to 64 letters, digits,"
                    + " '.', '_' or '-'. Fix: use the id of control.auth.keys"));
        }
        ControlKeys keys = ControlKeys.load(List.of(new ControlKeyConfig(keyId, secret.env, secret.file)));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                out.println(signed(keys, line.strip()));
            }
        }
        return 0;
    }

    /** The producer line of one command. */
    String signed(ControlKeys keys, String command) throws IOException {
        String value = stamped(command);
        return CommandSignature.KEY_ID_HEADER + ":" + keyId + "," + CommandSignature.SIGNATURE_HEADER + ":"
                + keys.sign(keyId, value.getBytes(StandardCharsets.UTF_8)) + "\t" + value;
    }

    /** The command with an {@code id} and {@code at} (unchanged when it has both). */
    String stamped(String command) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(command);
        } catch (IOException e) {
            throw new ConfigException("stdin", List.of("not a JSON object: " + command + ". Fix: one command per line,"
                    + " e.g. {\"command\":\"acknowledge\",\"incident\":\"...\"}"));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ConfigException("stdin", List.of("not a JSON object: " + command));
        }
        if (object.hasNonNull("id") && object.hasNonNull("at")) {
            return command;
        }
        if (!object.hasNonNull("id")) {
            object.put("id", keyId + "-" + UUID.randomUUID());
        }
        if (!object.hasNonNull("at")) {
            object.put("at", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return JSON.writeValueAsString(object);
    }
}
