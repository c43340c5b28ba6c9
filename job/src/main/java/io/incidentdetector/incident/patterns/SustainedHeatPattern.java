package io.incidentdetector.incident.patterns;

import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.HeatSignal;
import io.incidentdetector.incident.Severity;

import org.apache.flink.cep.pattern.conditions.SimpleCondition;

import java.time.Duration;
import java.util.List;

/**
 * {@code open-after} (in whole windows) of consecutive hot windows of a group (over its temperature threshold with at least
 * one pair over its own). The match is SEV1 only if every window in it was SEV1. The lifecycle turns the
 * repeated matches of a long run into nothing unless severity or subjects change.
 */
public final class SustainedHeatPattern extends ConsecutiveWindowsPattern {

    private static final long serialVersionUID = 1L;

    public SustainedHeatPattern(int windows, Duration window) {
        super(windows, window);
    }

    @Override
    public String name() {
        return "sustained-heat";
    }

    @Override
    SimpleCondition<GroupHeat> condition() {
        return new IsHot();
    }

    /** The window justifies an incident on its own. */
    public static final class IsHot extends SimpleCondition<GroupHeat> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(GroupHeat heat) {
            return heat.hot();
        }
    }

    @Override
    HeatSignal signal(List<GroupHeat> run) {
        GroupHeat last = run.get(run.size() - 1);
        boolean allSev1 = run.stream().allMatch(h -> h.severity() == Severity.SEV1);
        List<Evidence> evidence = last.evidence().stream()
                .filter(e -> last.hotSubjects().contains(ServicePair.edge(e.subject())))
                .toList();
        return new HeatSignal(last.group(), HeatSignal.Kind.SUSTAINED_HEAT, run.get(0).time(), last.time(),
                allSev1 ? Severity.SEV1 : Severity.SEV2, last.temperature(), List.copyOf(last.hotSubjects()), evidence);
    }
}
