package io.incidentdetector.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** docs/configuration.md's keys table: one unbroken table, and every key it documents is one the loader reads. */
class ConfigurationDocTest {

    static final Path DOC = Path.of("..").toAbsolutePath().normalize().resolve("docs/configuration.md");

    /** The lines of the "## Keys" section from its table's header to the section's end, blank lines at the end cut. */
    static List<String> keysTable() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf("## Keys");
        assertThat(start).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        List<String> section = new ArrayList<>(lines.subList(start + 1, end));
        while (!section.isEmpty() && section.get(0).isBlank()) {
            section.remove(0);
        }
        while (!section.isEmpty() && section.get(section.size() - 1).isBlank()) {
            section.remove(section.size() - 1);
        }
        return section;
    }

    @Test
    void everyLineOfTheKeysTableIsATableRow() throws IOException {
        List<String> table = keysTable();
        assertThat(table.get(0)).isEqualTo("| key | default | meaning |");
        assertThat(table.get(1)).isEqualTo("|---|---|---|");
        assertThat(table.subList(2, table.size())).hasSizeGreaterThan(100)
                .allSatisfy(line -> assertThat(line).as("a row of the keys table").startsWith("| `").endsWith(" |"));
        assertThat(keys()).contains("otlp.encoding", "prometheus.enabled", "control.auth.max-age");
    }

    @Test
    void everyDocumentedKeyIsOneTheConfigurationReads() throws IOException {
        for (String key : keys()) {
            try {
                ConfigLoader.parse(yamlSetting(key), key);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).as(key).doesNotContain("unknown key");
            }
        }
    }

    @Test
    void aKeyTheConfigurationDoesNotReadIsCaught() {
        assertThatCode(() -> ConfigLoader.parse(yamlSetting("latency.model.half-life"), "test"))
                .hasMessageContaining("unknown key 'latency.model.half-life'");
        assertThatCode(() -> ConfigLoader.parse(yamlSetting("latency.pairs[].name"), "test"))
                .hasMessageContaining("unknown key");
    }

    /**
     * Every key the table documents: the first column's `key`s, with `.b` after `a.x` read as `a.b` (as in
     * `latency.pairs[].source`, `.destination`).
     */
    static List<String> keys() throws IOException {
        List<String> keys = new ArrayList<>();
        for (String row : keysTable().subList(2, keysTable().size())) {
            String first = row.substring(2, row.indexOf(" |", 2));
            String previous = null;
            for (String part : first.split(", ")) {
                String key = part.replace("`", "").trim();
                if (key.startsWith(".") && previous != null) {
                    key = previous.substring(0, previous.lastIndexOf('.')) + key;
                }
                keys.add(key);
                previous = key;
            }
        }
        return keys;
    }

    /** YAML that sets only {@code key} (to null), e.g. {@code latency: {pairs: [{source: null}]}}. */
    static String yamlSetting(String key) {
        StringBuilder yaml = new StringBuilder();
        String[] parts = key.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean list = part.endsWith("[]");
            String name = list ? part.substring(0, part.length() - 2) : part;
            if (i == parts.length - 1) {
                yaml.append(name).append(": null");
            } else {
                yaml.append(name).append(list ? ": [{" : ": {");
            }
        }
        StringBuilder closing = new StringBuilder();
        for (int i = parts.length - 2; i >= 0; i--) {
            closing.append(parts[i].endsWith("[]") ? "}]" : "}");
        }
        return yaml + closing.toString() + "\n";
    }
}
