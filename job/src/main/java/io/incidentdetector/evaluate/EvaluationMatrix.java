package io.incidentdetector.evaluate;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.scenario.CanaryScenario;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.MeshScenario;
import io.incidentdetector.scenario.ReplayMesh;
import io.incidentdetector.scenario.ScenarioCatalog;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in labelled matrix, seed by seed: generator runs of the mesh at 10-second windows, a one-minute
 * Prometheus export of a 14-edge mesh with the real-data shapes replayed after a day of training, canary regressions
 * at 30-second bins and, unless quick, long runs without any fault. Each suite gets one {@link Scorecard}.
 *
 * @param quick    100 to 500 ms delays only, an 8-hour replay and no fault-free suite
 * @param grace    how long after a fault's end an incident still counts as catching it
 * @param progress where a line says which run starts
 */
public record EvaluationMatrix(EvaluationRuns runs, boolean quick, Duration grace, PrintStream progress) {

    /** Runs the matrix over {@code seeds}, each run's output in a folder of {@code dir}; the suites by name, in order. */
    public Map<String, Scorecard> run(List<Long> seeds, Path dir) throws Exception {
        Map<String, Scorecard> suites = new LinkedHashMap<>();
        Scorecard mesh = suites.computeIfAbsent("mesh, 10 s windows", s -> new Scorecard(grace));
        Scorecard replay = suites.computeIfAbsent("replay, 1-minute steps", s -> new Scorecard(grace));
        Scorecard canary = suites.computeIfAbsent("canary, 30 s bins", s -> new Scorecard(grace));
        Scorecard quiet = suites.computeIfAbsent("fault-free", s -> new Scorecard(grace));
        String scenario = quick ? "eval-mesh-quick" : "eval-mesh";
        MeshScenario meshScenario = (MeshScenario) ScenarioCatalog.get(scenario);
        CanaryScenario errors = CanaryScenarios.find(CanaryScenarios.EVALUATION).orElseThrow();
        for (long seed : seeds) {
            GeneratorRun meshRun = generator(scenario, meshScenario.duration(), seed, dir);
            mesh.add(IncidentKind.LATENCY, scenario + " seed " + seed, FaultLabels.mesh(meshScenario, meshRun.start()),
                    meshRun.incidents(), meshRun.start(), meshRun.end());

            ReplayMesh export = ReplayMesh.of(seed, quick ? Duration.ofHours(8) : Duration.ofDays(1));
            replay.add(IncidentKind.LATENCY, "replay seed " + seed, FaultLabels.replay(export),
                    replay(export, export.live(), "replay-" + seed, dir), ReplayMesh.LIVE_START,
                    ReplayMesh.LIVE_START.plus(export.live()));

            GeneratorRun canaryRun = generator(CanaryScenarios.EVALUATION, errors.duration(), seed, dir);
            int bins = canaryRun.run().plan().config().canary().bins();
            canary.add(IncidentKind.ERROR_RATE, CanaryScenarios.EVALUATION + " seed " + seed,
                    FaultLabels.canary(errors, canaryRun.start(), bins), canaryRun.incidents(), canaryRun.start(),
                    canaryRun.end());

            if (!quick) {
                scoreFaultFree(quiet, seed, dir);
            }
        }
        return suites;
    }

    /** Long runs without any fault: the mesh over six compressed days, and two days of the one-minute export. */
    private void scoreFaultFree(Scorecard quiet, long seed, Path dir) throws Exception {
        String scenario = "eval-quiet";
        GeneratorRun meshRun = generator(scenario, ScenarioCatalog.get(scenario).duration(), seed, dir);
        quiet.add(IncidentKind.LATENCY, scenario + " seed " + seed, List.of(), meshRun.incidents(), meshRun.start(),
                meshRun.end());
        Duration live = Duration.ofDays(2);
        quiet.add(IncidentKind.LATENCY, "fault-free replay seed " + seed, List.of(),
                replay(ReplayMesh.faultFree(seed, live), live, "quiet-replay-" + seed, dir), ReplayMesh.LIVE_START,
                ReplayMesh.LIVE_START.plus(live));
    }

    /** The runs {@link #run} makes for each seed: mesh, replay and canary, and unless quick the two fault-free ones. */
    public int runsPerSeed() {
        return quick ? 3 : 5;
    }

    /** A generator run of a built-in scenario and the event time it covered. */
    private record GeneratorRun(EvaluationRuns.Run run, Instant start, Instant end) {
        List<Incident> incidents() {
            return run.incidents();
        }
    }

    private GeneratorRun generator(String scenario, Duration duration, long seed, Path dir) throws Exception {
        progress.printf("evaluate: %s, seed %d (%s of event time)...%n", scenario, seed, duration);
        EvaluationRuns.Run run = runs.scenario(scenario, seed, dir.resolve(scenario + "-" + seed));
        Instant start = run.plan().config().scenario().start();
        return new GeneratorRun(run, start, start.plus(duration));
    }

    /** Writes the export (a day of training, then {@code live}) and replays it; returns the incidents. */
    private List<Incident> replay(ReplayMesh export, Duration live, String name, Path dir) throws Exception {
        progress.printf("evaluate: %s, a 14-edge export (%s live, a day of training)...%n", name, live);
        Path replayDir = dir.resolve(name);
        Map<String, Path> training = byPair(export.write(replayDir.resolve("training"), ReplayMesh.TRAINING_START,
                ReplayMesh.DAY));
        Map<String, Path> queryRange = byPair(export.write(replayDir.resolve("live"), ReplayMesh.LIVE_START, live));
        return runs.replay(queryRange, training, replayDir.resolve("output")).incidents();
    }

    /** The export's files keyed as the command line names a pair: {@code source:destination}. */
    private static Map<String, Path> byPair(Map<String, Path> files) {
        Map<String, Path> byPair = new LinkedHashMap<>();
        files.forEach((pair, file) -> byPair.put(pair.replace("->", ":"), file));
        return byPair;
    }
}
