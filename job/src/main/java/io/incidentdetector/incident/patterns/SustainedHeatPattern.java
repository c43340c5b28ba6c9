package io.incidentdetector.incident.patterns;

import io.incidentdetector.heat.GroupHeat;
import io.incidentdetector.heat.PairHeat;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.HeatSignal;
import io.incidentdetector.incident.Severity;

import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code windows} consecutive hot windows of a group (over its temperature threshold with at least one pair over
 * its own). The match is SEV1 only if every window in it was SEV1. Skip-past-last-event: a long hot run yields
 * one match per {@code windows} windows rather than one per window, and the lifecycle turns repeats into nothing.
 */
public final class SustainedHeatPattern implements SignalPattern<GroupHeat, HeatSignal> {

    private static final long serialVersionUID = 1L;
    static final String HOT = "hot";

    private final int windows;
    private final Duration window;

    public SustainedHeatPattern(int windows, Duration window) {
        this.windows = windows;
        this.window = window;
    }

    @Override
    public String name() {
        return "sustained-heat";
    }

    @Override
    public Pattern<GroupHeat, ?> pattern() {
        return Pattern.<GroupHeat>begin(HOT, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new IsHot())
                .times(windows)
                .consecutive()
                .within(window.multipliedBy(windows));
    }

    @Override
    public PatternProcessFunction<GroupHeat, HeatSignal> toSignal() {
        return new ToSignal();
    }

    /** The window justifies an incident on its own. */
    public static final class IsHot extends SimpleCondition<GroupHeat> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(GroupHeat heat) {
            return heat.hot();
        }
    }

    static final class ToSignal extends PatternProcessFunction<GroupHeat, HeatSignal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processMatch(Map<String, List<GroupHeat>> match, Context ctx, Collector<HeatSignal> out) {
            List<GroupHeat> run = match.get(HOT);
            GroupHeat last = run.get(run.size() - 1);
            boolean allSev1 = run.stream().allMatch(h -> h.severity() == Severity.SEV1);
            List<Evidence> evidence = last.pairs().stream()
                    .filter(p -> last.hotPairs().contains(p.pair()))
                    .map(Evidence::of)
                    .toList();
            out.collect(new HeatSignal(last.group(), HeatSignal.Kind.SUSTAINED_HEAT, run.get(0).time(), last.time(),
                    allSev1 ? Severity.SEV1 : Severity.SEV2, last.temperature(), List.copyOf(last.hotPairs()),
                    evidence));
        }
    }

    static List<Evidence> evidenceOf(List<PairHeat> pairs) {
        return pairs.stream().map(Evidence::of).toList();
    }
}
