package io.incidentdetector.evaluate;

import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.scenario.CanaryScenario;
import io.incidentdetector.scenario.FaultTarget;
import io.incidentdetector.scenario.MeshScenario;
import io.incidentdetector.scenario.MeshTopology;
import io.incidentdetector.scenario.ReplayMesh;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labels of the built-in matrix's faults, made by the rules of {@link Promises}. */
public final class FaultLabels {

    private FaultLabels() {}

    /**
     * The delays of a mesh run that started at {@code start}, with their culprits from the topology: a pair's callee
     * counts too when the pair is its only caller.
     */
    public static List<FaultLabel> mesh(MeshScenario scenario, Instant start) {
        MeshTopology topology = scenario.topology();
        return scenario.faults().stream().map(f -> {
            FaultTarget target = FaultTarget.parse(f.target());
            boolean pair = target.kind() == FaultTarget.Kind.PAIR;
            long callers = pair ? 0 : topology.callersOf(target.service()).size();
            Severity expected = target.kind() == FaultTarget.Kind.CALLER ? null
                    : Promises.expectedSeverity(f.delayMs(), pair, callers);
            boolean onlyCaller = pair && topology.callersOf(target.callee()).size() == 1;
            return FaultLabel.delay(f.target(), start.plusSeconds(f.fromSecond()), start.plusSeconds(f.toSecond()),
                    expected, f.delayMs(), FaultLabel.culpritsOf(target, onlyCaller));
        }).toList();
    }

    /** The delays of a replayed export: on every call into a service, out of a caller, or both (a pod). */
    public static List<FaultLabel> replay(ReplayMesh export) {
        return export.faults().stream().map(f -> {
            FaultTarget target = FaultTarget.parse(f.target());
            Severity expected = target.kind() == FaultTarget.Kind.CALLER ? null
                    : Promises.expectedSeverity(f.delayMs(), false, export.callersOf(target.service()));
            return FaultLabel.delay(f.target(), f.from(), f.to(), expected, f.delayMs(),
                    FaultLabel.culpritsOf(target, false));
        }).toList();
    }

    /**
     * The regressions above 1x of a canary run that started at {@code start} with bins of {@code binSeconds}; the 1x
     * one is not a fault, so an incident during it counts as false.
     */
    public static List<FaultLabel> canary(CanaryScenario scenario, Instant start, int binSeconds) {
        Map<Integer, Double> perMinute = new LinkedHashMap<>();
        scenario.codes().forEach(c -> perMinute.put(c.code(), c.perMinute()));
        return scenario.regressions().stream().filter(r -> r.factor() > 1).map(r -> new FaultLabel(
                "code:" + r.code(), start.plusSeconds(r.fromSecond()), start.plusSeconds(r.toSecond()), null,
                IncidentKind.ERROR_RATE, r.factor(), Promises.regressionIsPromised(r.factor(),
                        perMinute.getOrDefault(r.code(), 0.0) * binSeconds / 60))).toList();
    }
}
