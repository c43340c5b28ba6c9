package io.incidentdetector.evaluate;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.Severity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsFileTest {

    @Test
    void readsIsoAndUnixTimesServicesPairsCodesAndOptionalSeverities(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labels.csv");
        Files.writeString(file, """
                start,end,target,severity
                # network delay on the cart
                2026-01-02T10:00:00Z,2026-01-02T10:03:00Z,cartservice,SEV1

                1767348000,1767348180.5,frontend->currencyservice,
                1767351600,1767352200,code:4
                1767351600,1767352200,caller:frontend,SEV2
                1767351600,1767352200,pod:cartservice
                """);
        List<FaultLabel> labels = LabelsFile.read(file);
        assertThat(labels).hasSize(5);
        assertThat(labels.get(0)).isEqualTo(new FaultLabel("cartservice", Instant.parse("2026-01-02T10:00:00Z"),
                Instant.parse("2026-01-02T10:03:00Z"), Severity.SEV1, IncidentKind.LATENCY));
        assertThat(labels.get(1).end()).isEqualTo(Instant.ofEpochMilli(1_767_348_180_500L));
        assertThat(labels.get(1).expected()).isNull();
        assertThat(labels.get(1).culprits()).as("the pair or its callee")
                .containsExactly("frontend->currencyservice", "currencyservice");
        assertThat(labels.get(0).culprits()).containsExactly("cartservice");
        assertThat(labels.get(2).kind()).isEqualTo(IncidentKind.ERROR_RATE);
        assertThat(labels.get(2).culprits()).isEmpty();
        assertThat(labels.get(3).faultKind()).isEqualTo("caller CPU");
        assertThat(labels.get(3).culprits()).containsExactly("frontend");
        assertThat(labels.get(3).slowCaller()).isEqualTo("frontend");
        assertThat(labels.get(4).faultKind()).isEqualTo("pod network");
        assertThat(labels.get(4).slowCallee()).isEqualTo("cartservice");
    }

    @Test
    void aBadLineNamesItsPlaceAndAFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labels.csv");
        Files.writeString(file, "start,end,target\n2026-01-02T10:00:00Z,yesterday,cartservice\n");
        assertThatThrownBy(() -> LabelsFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("labels.csv:2").hasMessageContaining("'yesterday' is not a time")
                .hasMessageContaining("Fix: write lines like 2026-01-01T10:00:00Z,2026-01-01T10:03:00Z,cartservice");
        Files.writeString(file, "2026-01-02T10:00:00Z,2026-01-02T09:00:00Z,cartservice,SEV3\n");
        assertThatThrownBy(() -> LabelsFile.read(file)).hasMessageContaining("is not after start");
        Files.writeString(file, "2026-01-02T10:00:00Z,2026-01-02T11:00:00Z,caller:\n");
        assertThatThrownBy(() -> LabelsFile.read(file)).hasMessageContaining("labels.csv:1")
                .hasMessageContaining("names no service");
    }
}
