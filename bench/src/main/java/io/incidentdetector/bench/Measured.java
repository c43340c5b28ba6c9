package io.incidentdetector.bench;

import io.incidentdetector.launcher.ProcessFigures;

import java.util.OptionalLong;

/**
 * One row of the table: what a run did and cost. Time is the job's own run time where Flink reports it (so MiniCluster
 * start-up is not counted), CPU is this whole process's over the run (Flink, the sources and sinks; never the broker,
 * which runs in its own process), heap is the most in use right after a garbage collection during the run, resident
 * memory the most sampled during it.
 */
record Measured(String row, long events, double seconds, double cpuSeconds, long heapAfterGc, long resident,
        String note) {

    double eventsPerSecond() {
        return events / seconds;
    }

    double cpuSecondsPerMillion() {
        return cpuSeconds / (events / 1e6);
    }


    /** A run to measure; returns its own run time in seconds, or a negative number to take the wall-clock time. */
    @FunctionalInterface
    interface Run {
        double run() throws Exception;
    }

    static Measured of(String row, long events, Run run) throws Exception {
        System.gc();
        ProcessFigures.HeapSampler heap = new ProcessFigures.HeapSampler();
        ResidentSampler resident = new ResidentSampler();
        heap.start();
        resident.start();
        long cpuBefore = ProcessFigures.cpuNanos();
        long started = System.nanoTime();
        double own;
        try {
            own = run.run();
        } finally {
            resident.interrupt();
            heap.stop();
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double cpu = (ProcessFigures.cpuNanos() - cpuBefore) / 1e9;
        resident.join();
        return new Measured(row, events, own > 0 ? own : wall, cpu, heap.peakAfterGc(), resident.peak, "");
    }

    /** Resident memory of the process, sampled every 100 ms. */
    private static final class ResidentSampler extends Thread {
        volatile long peak;

        ResidentSampler() {
            super("bench-resident-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                OptionalLong now = ProcessFigures.residentBytes();
                now.ifPresent(b -> peak = Math.max(peak, b));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
