package io.incidentdetector.launcher.state;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A complete checkpoint in a {@link StateDirectory}.
 *
 * @param id          Flink's checkpoint number ({@code chk-N})
 * @param dir         its folder, which Flink restores from like from a savepoint
 * @param completedAt when its metadata was written
 */
public record RetainedCheckpoint(long id, Path dir, Instant completedAt) {}
