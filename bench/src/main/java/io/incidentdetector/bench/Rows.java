package io.incidentdetector.bench;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.scenario.ScenarioCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The table's rows, in order, each measured alone (the machine has few cores: nothing runs beside a row). */
final class Rows {

    private final Table table;
    private final Path dir;
    private final Bench options;
    private int runs;

    Rows(Table table, Path dir, Bench options) {
        this.table = table;
        this.dir = dir;
        this.options = options;
    }

    void run() throws Exception {
        if (options.runs(Bench.Part.STARTUP)) {
            StartupRows.run(table, dir, options.startupRuns);
        }
        ScenarioConfig demo = JobRuns.demoMix(options.scale);
        long demoEvents = ScenarioCatalog.get("demo").generator(demo).count();
        Map<Integer, Measured> keyByFloor = new HashMap<>();
        Map<Integer, Measured> generatorAlone = new HashMap<>();
        if (options.runs(Bench.Part.FLOORS) || options.runs(Bench.Part.GENERATOR)) {
            for (int p : options.parallelism) {
                generatorAlone.put(p, table.run("floor: generator alone -> discard, p" + p, demoEvents,
                        () -> Floors.generatorAlone(demo, p)));
                keyByFloor.put(p, table.run("floor: generator -> keyBy -> discard, p" + p, demoEvents,
                        () -> Floors.generatorKeyBy(demo, p)));
            }
        }
        if (options.runs(Bench.Part.GENERATOR)) {
            for (int p : options.parallelism) {
                Measured m = table.run("job: generator, demo mix x" + fmt(options.scale) + ", p" + p, demoEvents,
                        () -> JobRuns.generator("demo", demo, p, next("generator")));
                table.note(m, keyByFloor.get(p), "generator -> keyBy floor at p" + p);
                table.note(m, generatorAlone.get(p), "generator alone at p" + p);
            }
        }
        if (options.runs(Bench.Part.MESH)) {
            ScenarioConfig mesh = options.mesh();
            long meshEvents = ScenarioCatalog.get(mesh.name()).generator(mesh).count();
            int edges = ((io.incidentdetector.scenario.MeshScenario) ScenarioCatalog.get(mesh.name())).topology()
                    .edgeCount();
            for (int p : options.parallelism) {
                table.run("job: generator, " + mesh.name() + " (" + String.format("%,d", edges) + " edges), p" + p,
                        meshEvents, () -> JobRuns.generator(mesh.name(), null, p, next("mesh")));
            }
        }
        if (options.runs(Bench.Part.KAFKA) || options.runs(Bench.Part.FLOORS)) {
            kafka();
        }
        if (options.runs(Bench.Part.CANARY)) {
            canary();
        }
        if (options.runs(Bench.Part.LATENCY)) {
            new LatencyRows(table, dir, options).run();
        }
    }

    private void kafka() throws Exception {
        try (LocalBroker broker = LocalBroker.existingOrStart(options.bootstrapServers, dir.resolve("broker.log"))) {
            String bootstrap = broker.bootstrapServers();
            String prefix = "bench-" + System.currentTimeMillis() + "-";
            KafkaConfig.KafkaTopicsConfig topics = JobRuns.topics(prefix);
            TopicLoader.createTopics(bootstrap, topics, 3);
            ScenarioConfig mix = JobRuns.demoMix(options.kafkaScale);
            List<byte[]> sample = new ArrayList<>();
            long loadStarted = System.nanoTime();
            long events = TopicLoader.load(bootstrap, topics.serviceCalls().get(0), mix, sample, 200_000);
            table.line(String.format("(loaded %,d service calls as JSON into %s, 3 partitions, in %.1f s; broker %s)",
                    events, topics.serviceCalls().get(0), (System.nanoTime() - loadStarted) / 1e9,
                    broker.startedHere() ? "started by the benchmark in its own process" : bootstrap));
            if (options.runs(Bench.Part.FLOORS)) {
                int rounds = (int) Math.max(1, 2_000_000 / sample.size());
                long decoded = (long) rounds * sample.size();
                table.run("floor: JSON decode alone (the job's decoder)", decoded,
                        () -> Floors.decode(sample, rounds));
                table.run("floor: JSON decode alone (Jackson tree)", decoded,
                        () -> Floors.jacksonTree(sample, rounds));
            }
            String host = bootstrap;
            Measured floor = null;
            for (int p : options.parallelism) {
                int parallelism = p;
                Measured f = table.run("floor: KafkaSource raw bytes -> discard, p" + p, events,
                        () -> Floors.kafkaRawBytes(host, topics.serviceCalls().get(0), prefix + "raw" + parallelism,
                                parallelism));
                floor = f != null && (floor == null || f.eventsPerSecond() > floor.eventsPerSecond()) ? f : floor;
            }
            if (options.runs(Bench.Part.KAFKA)) {
                for (int p : options.parallelism) {
                    int parallelism = p;
                    table.note(table.run("job: Kafka JSON, exactly-once, p" + p, events,
                            () -> JobRuns.kafka(host, prefix, "job" + parallelism, parallelism,
                                    options.checkpointInterval)), floor, "best KafkaSource floor");
                }
            }
        }
    }

    private void canary() throws Exception {
        Path csv = dir.resolve("errors.csv");
        long rows = SeedCsv.write(csv, options.canaryRows, 1);
        Path out = next("canary");
        double[] split = new double[2];
        Measured m = table.run("job: canary, seed-format CSV, outputs included", rows, () -> {
            double[] s = JobRuns.canary(csv, out);
            split[0] = s[0];
            split[1] = s[1];
            return s[0] + s[1];
        });
        if (m != null) {
            table.line(String.format("%-46s job %.1f s, heatmap files %.1f s (%s)", "", split[0], split[1],
                    SeedCsv.describe(out)));
        }
    }

    private Path next(String name) {
        return dir.resolve(name + "-" + (++runs));
    }

    private static String fmt(double scale) {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }

    static long size(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
