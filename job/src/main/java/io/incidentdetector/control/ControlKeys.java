package io.incidentdetector.control;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ControlKeyConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The secrets of the keys that sign control commands, read from their environment variables or files where the job
 * runs (never from the configuration, never logged, not serialised with the job). A secret is the text's UTF-8
 * bytes without a trailing newline, as {@code openssl dgst -hmac "$SECRET"} takes it; it must be at least
 * {@link #MIN_SECRET_BYTES} long.
 */
public final class ControlKeys {

    public static final int MIN_SECRET_BYTES = 32;

    private final Map<String, byte[]> secrets;

    private ControlKeys(Map<String, byte[]> secrets) {
        this.secrets = secrets;
    }

    /** Reads every key's secret; {@code env} reads an environment variable. Every problem names its key and a fix. */
    public static ControlKeys load(List<ControlKeyConfig> keys, UnaryOperator<String> env) {
        Map<String, byte[]> secrets = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            ControlKeyConfig key = keys.get(i);
            String name = "control.auth.keys[" + i + "] (" + key.id() + ")";
            String text;
            if (key.secretEnv() != null && !key.secretEnv().isBlank()) {
                text = env.apply(key.secretEnv());
                if (text == null) {
                    problems.add(name + ": the environment variable " + key.secretEnv() + " is not set. Fix: set it"
                            + " to the key's secret where the job runs (e.g. export " + key.secretEnv()
                            + "=$(openssl rand -hex 32))");
                    continue;
                }
            } else {
                try {
                    text = Files.readString(Path.of(key.secretFile()), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    problems.add(name + ": cannot read the secret file " + key.secretFile() + " (" + e.getClass()
                            .getSimpleName() + "). Fix: make it readable by the job, or name another file");
                    continue;
                }
            }
            byte[] secret = withoutNewline(text).getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                problems.add(name + ": the secret is " + secret.length + " bytes; at least " + MIN_SECRET_BYTES
                        + " are needed. Fix: use e.g. the output of openssl rand -hex 32");
                continue;
            }
            secrets.put(key.id(), secret);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("control.auth.keys", problems);
        }
        return new ControlKeys(secrets);
    }

    /** With the process's environment. */
    public static ControlKeys load(List<ControlKeyConfig> keys) {
        return load(keys, System::getenv);
    }

    /** The secret of key {@code id}, or null for an unknown key. */
    byte[] secret(String id) {
        return secrets.get(id);
    }

    /** The signature of {@code value} by key {@code id} ({@link CommandSignature}). */
    public String sign(String id, byte[] value) {
        byte[] secret = secrets.get(id);
        if (secret == null) {
            throw new IllegalArgumentException("no key " + id);
        }
        return CommandSignature.sign(secret, value);
    }

    public Set<String> ids() {
        return Set.copyOf(secrets.keySet());
    }

    static String withoutNewline(String text) {
        String t = text;
        while (t.endsWith("\n") || t.endsWith("\r")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    @Override
    public String toString() {
        return "ControlKeys" + ids();
    }
}
