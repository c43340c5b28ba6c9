package io.incidentdetector.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster of the end-to-end tests. Jobs on it never restart: with checkpointing on, Flink's default would
 * restart a failing job forever, and a test would hang instead of reporting the failure.
 */
public final class TestMiniCluster {

    private TestMiniCluster() {}

    public static MiniClusterExtension of(int taskManagers, int slotsPerTaskManager) {
        return of(taskManagers, slotsPerTaskManager, new Configuration());
    }

    /** With more cluster configuration, e.g. a metric reporter. */
    public static MiniClusterExtension of(int taskManagers, int slotsPerTaskManager, Configuration more) {
        Configuration conf = new Configuration(more);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(taskManagers)
                .setNumberSlotsPerTaskManager(slotsPerTaskManager)
                .build());
    }
}
