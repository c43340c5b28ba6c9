package io.incidentdetector.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.incidentdetector.deploy.DeploymentFilesTest.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

/** docker/compose/submit.sh run with a fake {@code flink} command that logs its arguments and lists given jobs. */
class SubmitScriptTest {

    static final String DEFAULT_STATE = "/flink-state";
    static final String RUNNING = "07.12.2026 22:40:00 : 0123456789abcdef0123456789abcdef : incident-detector (RUNNING)";
    static final List<String> ARGS = List.of("--config", "/opt/incident-detector/job.yaml", "--kafka");
    static final String JAR = "/opt/flink/usrlib/incident-detector.jar";

    @TempDir
    Path tmp;
    Path state;
    Path listed;
    Path calls;

    record Run(int exit, String output, List<String> calls) {}

    @BeforeEach
    void fakeFlink() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        state = Files.createDirectories(tmp.resolve("state"));
        listed = tmp.resolve("listed.txt");
        calls = tmp.resolve("calls.txt");
        Files.writeString(listed, "Waiting for response...\nNo running jobs.\nNo scheduled jobs.\n");
        Path flink = Files.writeString(bin.resolve("flink"), """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_CALLS"
                if [[ "$1" == list ]]; then cat "$FAKE_LISTED"; exit "${FAKE_LIST_EXIT:-0}"; fi
                """);
        Files.setPosixFilePermissions(flink, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void withoutAJobOrStateItStartsTheJobWithoutState() throws Exception {
        Run run = submit(Map.of(), ARGS);
        assertThat(run.exit()).isZero();
        assertThat(run.calls()).containsExactly("list -m jobmanager:8081",
                "run -d -m jobmanager:8081 " + JAR + " --config /opt/incident-detector/job.yaml --kafka");
        assertThat(run.output()).contains("starting 'incident-detector' without state");
    }

    @Test
    void aSecondRunWhileTheJobRunsSubmitsNothing() throws Exception {
        assertThat(submit(Map.of(), ARGS).exit()).isZero();
        Files.writeString(listed, "------------------ Running/Restarting Jobs -------------------\n" + RUNNING + "\n");
        Run again = submit(Map.of(), ARGS);
        assertThat(again.exit()).isZero();
        assertThat(again.output()).contains("already on jobmanager:8081 (0123456789abcdef0123456789abcdef)");
        assertThat(again.calls()).containsExactly("list -m jobmanager:8081");
    }

    @Test
    void aJobOfAnotherNameDoesNotCount() throws Exception {
        Files.writeString(listed, RUNNING.replace("incident-detector (", "incident-detector-eu (") + "\n");
        assertThat(submit(Map.of(), ARGS).calls()).anySatisfy(c -> assertThat(c).startsWith("run -d "));
    }

    @Test
    void itResumesFromTheNewestSavepointOrRetainedCheckpoint() throws Exception {
        Path savepoint = restorePoint("savepoints/savepoint-0123ab-0123456789ab", 100);
        Path checkpoint = restorePoint("checkpoints/0123456789abcdef0123456789abcdef/chk-42", 200);
        assertThat(submit(Map.of(), ARGS).calls()).contains("run -d -m jobmanager:8081 -s " + checkpoint + " " + JAR
                + " --config /opt/incident-detector/job.yaml --kafka");
        Files.setLastModifiedTime(savepoint.resolve("_metadata"), FileTime.from(Instant.ofEpochSecond(300)));
        Run run = submit(Map.of(), ARGS);
        assertThat(run.calls()).anySatisfy(c -> assertThat(c).startsWith("run -d -m jobmanager:8081 -s " + savepoint
                + " "));
        assertThat(run.output()).contains("resuming 'incident-detector' from " + savepoint);
    }

    @Test
    void restoreNoneStartsWithoutStateAndAPathIsTakenAsItIs() throws Exception {
        restorePoint("savepoints/savepoint-0123ab-0123456789ab", 100);
        assertThat(submit(Map.of("RESTORE", "none"), ARGS).calls())
                .contains("run -d -m jobmanager:8081 " + JAR + " --config /opt/incident-detector/job.yaml --kafka");
        assertThat(submit(Map.of("RESTORE", "s3://bucket/sp-1"), ARGS).calls())
                .anySatisfy(c -> assertThat(c).startsWith("run -d -m jobmanager:8081 -s s3://bucket/sp-1 " + JAR));
    }

    @Test
    void whenTheJobManagerCannotBeAskedItSubmitsNothingAndFails() throws Exception {
        Run run = submit(Map.of("FAKE_LIST_EXIT", "1"), ARGS);
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("cannot list the jobs on jobmanager:8081");
        assertThat(run.calls()).containsExactly("list -m jobmanager:8081");
    }

    @Test
    void stopTakesASavepointIntoTheFolderTheNextSubmitReads() throws Exception {
        Files.writeString(listed, RUNNING + "\n");
        Run run = submit(Map.of(), List.of("stop"));
        assertThat(run.exit()).isZero();
        assertThat(run.calls()).containsExactly("list -m jobmanager:8081", "stop -m jobmanager:8081 --savepointPath file://"
                + state + "/savepoints 0123456789abcdef0123456789abcdef");
        Files.writeString(listed, "No running jobs.\n");
        assertThat(submit(Map.of(), List.of("stop")).exit()).isNotZero();
    }

    Path restorePoint(String dir, long epochSecond) throws IOException {
        Path folder = Files.createDirectories(state.resolve(dir));
        Path metadata = Files.write(folder.resolve("_metadata"), new byte[] {1});
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochSecond(epochSecond)));
        return folder;
    }

    Run submit(Map<String, String> env, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", DOCKER.resolve("compose/submit.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", tmp.resolve("bin") + ":/usr/bin:/bin");
        builder.environment().put("FLINK_STATE", state.toString());
        builder.environment().put("FAKE_LISTED", listed.toString());
        builder.environment().put("FAKE_CALLS", calls.toString());
        builder.environment().putAll(env);
        Files.deleteIfExists(calls);
        Process process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> made = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        return new Run(process.exitValue(), output, made);
    }
}
