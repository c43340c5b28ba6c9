package io.incidentdetector.launcher;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/** What a run costs this process: CPU time, heap kept after each garbage collection, resident memory (Linux). */
public final class ProcessFigures {

    private ProcessFigures() {}

    /** CPU time of every thread of this process so far; 0 where the JVM does not say. */
    public static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** The process's peak resident set so far (VmHWM). */
    public static OptionalLong peakResidentBytes() {
        return status("VmHWM:");
    }

    /** The process's resident set now (VmRSS). */
    public static OptionalLong residentBytes() {
        return status("VmRSS:");
    }

    private static OptionalLong status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) << 10);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** The heap in use right after every garbage collection (the JVM reports each one): what the job really keeps. */
    public static final class HeapSampler implements NotificationListener {
        private volatile long peak;
        private final List<NotificationEmitter> emitters = new ArrayList<>();

        public void start() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(this, null, null);
                    emitters.add(emitter);
                }
            }
        }

        public void stop() throws Exception {
            for (NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(this);
            }
            emitters.clear();
        }

        public long peakAfterGc() {
            return peak;
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                if (pool.getType() == MemoryType.HEAP && after != null) {
                    used += after.getUsed();
                }
            }
            peak = Math.max(peak, used);
        }
    }
}
