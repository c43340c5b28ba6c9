package io.incidentdetector.launcher.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDirectoryTest {

    @Test
    void theDefaultFolderOutlivesAReboot() {
        assertThat(StateDirectory.defaultFor("incident-detector", Map.<String, String>of()::get, "/home/ana"))
                .isEqualTo(Path.of("/home/ana/.local/state/incident-detector/incident-detector"));
        assertThat(StateDirectory.defaultFor("shop latency/eu", Map.of("XDG_STATE_HOME", "/var/lib/ana")::get,
                "/home/ana")).isEqualTo(Path.of("/var/lib/ana/incident-detector/shop-latency-eu"));
        assertThat(StateDirectory.defaultFor("x", Map.of("XDG_STATE_HOME", "relative")::get, "/home/ana"))
                .as("XDG_STATE_HOME must be absolute").isEqualTo(Path.of("/home/ana/.local/state/incident-detector/x"));
    }

    @Test
    void oneLauncherAtATime(@TempDir Path dir) throws Exception {
        try (StateDirectory first = StateDirectory.open(dir)) {
            assertThatThrownBy(() -> StateDirectory.open(dir)).isInstanceOf(StateRefusedException.class)
                    .hasMessageContaining("is in use by another launcher (pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("--state-dir");
        }
        StateDirectory.open(dir).close();
    }

    @Test
    void theNewestCompleteCheckpointComesFirstAndUnfinishedOnesAreDropped(@TempDir Path dir) throws Exception {
        try (StateDirectory state = StateDirectory.open(dir)) {
            Path job = state.checkpoints().resolve("0123");
            Path older = checkpoint(job, 7, Instant.parse("2026-01-01T00:00:00Z"));
            Path newer = checkpoint(job, 8, Instant.parse("2026-01-01T00:00:05Z"));
            Path unfinished = Files.createDirectories(job.resolve("chk-9"));
            Files.createDirectories(job.resolve("shared"));

            assertThat(state.complete()).extracting(RetainedCheckpoint::id).containsExactly(8L, 7L);
            assertThat(state.complete().get(0).completedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
            state.dropIncomplete();
            assertThat(unfinished).doesNotExist();
            state.dropOlderThan(state.complete().get(0));
            assertThat(older).doesNotExist();
            assertThat(newer).exists();
            assertThat(job.resolve("shared")).exists();
        }
    }

    @Test
    void settingAsideMovesTheCheckpointsAndTheirFingerprint(@TempDir Path dir) throws Exception {
        try (StateDirectory state = StateDirectory.open(dir)) {
            assertThat(state.setAside(Instant.now())).as("nothing to set aside").isEmpty();
            checkpoint(state.checkpoints().resolve("0123"), 3, Instant.now());
            Files.writeString(state.fingerprint(), "input=kafka\n");

            Path aside = state.setAside(Instant.parse("2026-05-01T12:00:00Z")).orElseThrow();
            assertThat(aside).isEqualTo(dir.resolve("set-aside/20260501T120000Z"));
            assertThat(aside.resolve("checkpoints/0123/chk-3/_metadata")).exists();
            assertThat(aside.resolve("topology.properties")).hasContent("input=kafka");
            assertThat(state.complete()).isEmpty();
            assertThat(state.checkpoints()).isEmptyDirectory();
        }
    }

    static Path checkpoint(Path job, long id, Instant completed) throws Exception {
        Path folder = Files.createDirectories(job.resolve("chk-" + id));
        Path metadata = Files.writeString(folder.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(completed));
        return folder;
    }
}
