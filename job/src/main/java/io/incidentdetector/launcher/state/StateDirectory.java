package io.incidentdetector.launcher.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder where the local launcher keeps a run's state between starts: Flink's retained checkpoints
 * ({@code checkpoints/<job id>/chk-N}), the {@link TopologyFingerprint} of the configuration that wrote them, and
 * whatever {@code --fresh} set aside ({@code set-aside/<time>/}). One launcher at a time: it holds a lock on the
 * folder while it runs, released by the operating system however the process ends.
 */
public final class StateDirectory implements AutoCloseable {

    static final String CHECKPOINTS = "checkpoints";
    static final String SET_ASIDE = "set-aside";
    static final String FINGERPRINT = "topology.properties";
    private static final String LOCK = "lock";
    private static final String METADATA = "_metadata";
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * {@code $XDG_STATE_HOME/incident-detector/<job name>}, or {@code ~/.local/state/...} without that variable: a
     * place for data that outlives a process and a reboot, unlike the temporary folder.
     */
    public static Path defaultFor(String jobName, Function<String, String> environment, String userHome) {
        String xdg = environment.apply("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(userHome, ".local", "state");
        return base.resolve("incident-detector").resolve(jobName.replaceAll("[^A-Za-z0-9._-]", "-"));
    }

    /** Creates the folder if needed and takes its lock; refuses if another launcher holds it. */
    public static StateDirectory open(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.resolve(CHECKPOINTS));
            FileChannel channel = FileChannel.open(absolute.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StateRefusedException("the state folder " + absolute + " is in use by another launcher ("
                        + holder(absolute.resolve(LOCK)) + "). Fix: stop that one first, or give this run a folder of"
                        + " its own with --state-dir DIR (or another job.name)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new StateDirectory(absolute, channel, lock);
        } catch (IOException e) {
            throw new StateRefusedException("cannot use " + absolute + " as the state folder: " + e
                    + ". Fix: check its permissions, or pass --state-dir DIR");
        }
    }

    private static String holder(Path lockFile) {
        try {
            String text = Files.readString(lockFile).strip();
            return text.isEmpty() ? "unknown pid" : text;
        } catch (IOException e) {
            return "unknown pid";
        }
    }

    public Path path() {
        return dir;
    }

    /** Flink's checkpoint directory: checkpoints go to {@code <job id>/chk-N} below it. */
    public Path checkpoints() {
        return dir.resolve(CHECKPOINTS);
    }

    Path fingerprint() {
        return dir.resolve(FINGERPRINT);
    }

    /** The complete checkpoints (those with their metadata written), newest first. */
    public List<RetainedCheckpoint> complete() {
        List<RetainedCheckpoint> found = new ArrayList<>();
        for (Path folder : checkpointFolders()) {
            Path metadata = folder.resolve(METADATA);
            if (Files.isRegularFile(metadata)) {
                found.add(new RetainedCheckpoint(number(folder), folder, modified(metadata)));
            }
        }
        found.sort(Comparator.comparing(RetainedCheckpoint::completedAt).thenComparing(RetainedCheckpoint::id)
                .reversed());
        return found;
    }

    /**
     * Deletes the folders of checkpoints that never completed (the process ended while writing them): nothing can
     * restore them, and a restored job would number its next checkpoint the same.
     */
    void dropIncomplete() {
        for (Path folder : checkpointFolders()) {
            if (!Files.isRegularFile(folder.resolve(METADATA))) {
                deleteRecursively(folder);
            }
        }
    }

    /** Deletes every complete checkpoint older than {@code kept}: a job restored from it in claim mode never will. */
    void dropOlderThan(RetainedCheckpoint kept) {
        for (RetainedCheckpoint other : complete()) {
            if (!other.dir().equals(kept.dir()) && other.completedAt().isBefore(kept.completedAt())) {
                deleteRecursively(other.dir());
            }
        }
    }

    /** Moves the checkpoints and their fingerprint to {@code set-aside/<now>/}; returns that folder, if any moved. */
    Optional<Path> setAside(Instant now) {
        if (checkpointFolders().isEmpty()) {
            return Optional.empty();
        }
        Path target = dir.resolve(SET_ASIDE).resolve(STAMP.format(now));
        try {
            Files.createDirectories(target);
            Files.move(checkpoints(), target.resolve(CHECKPOINTS));
            if (Files.exists(fingerprint())) {
                Files.move(fingerprint(), target.resolve(FINGERPRINT));
            }
            Files.createDirectories(checkpoints());
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the state in " + dir + " aside", e);
        }
    }

    /**
     * Moves single checkpoints to {@code set-aside/<now>/checkpoints/<job id>/chk-N} (ones that cannot be read, in the
     * way of the numbers a resumed job goes on with).
     */
    void setAside(Instant now, List<RetainedCheckpoint> checkpoints) {
        Path target = dir.resolve(SET_ASIDE).resolve(STAMP.format(now));
        try {
            for (RetainedCheckpoint checkpoint : checkpoints) {
                Path to = target.resolve(dir.relativize(checkpoint.dir()));
                Files.createDirectories(to.getParent());
                Files.move(checkpoint.dir(), to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set checkpoints in " + dir + " aside", e);
        }
    }

    private List<Path> checkpointFolders() {
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> jobs = Files.list(checkpoints())) {
            for (Path job : jobs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> children = Files.list(job)) {
                    children.filter(p -> Files.isDirectory(p) && CHECKPOINT.matcher(p.getFileName().toString())
                            .matches()).forEach(folders::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + checkpoints(), e);
        }
        return folders;
    }

    private static long number(Path folder) {
        Matcher m = CHECKPOINT.matcher(folder.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
