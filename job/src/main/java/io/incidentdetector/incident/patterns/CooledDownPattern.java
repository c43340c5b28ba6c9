package io.incidentdetector.incident.patterns;

import io.incidentdetector.heat.GroupHeat;
import io.incidentdetector.incident.HeatSignal;

import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The group's temperature stayed below its resolve-below for {@code resolve-after} (as a whole number of
 * consecutive windows). Together with the higher open threshold this is the hysteresis that stops flapping.
 */
public final class CooledDownPattern implements SignalPattern<GroupHeat, HeatSignal> {

    private static final long serialVersionUID = 1L;
    static final String COOL = "cool";

    private final int windows;
    private final Duration window;

    public CooledDownPattern(Duration resolveAfter, Duration window) {
        this.windows = (int) Math.max(1, (resolveAfter.toMillis() + window.toMillis() - 1) / window.toMillis());
        this.window = window;
    }

    public int windows() {
        return windows;
    }

    @Override
    public String name() {
        return "cooled-down";
    }

    @Override
    public Pattern<GroupHeat, ?> pattern() {
        return Pattern.<GroupHeat>begin(COOL, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(new IsCool())
                .times(windows)
                .consecutive()
                .within(window.multipliedBy(windows));
    }

    @Override
    public PatternProcessFunction<GroupHeat, HeatSignal> toSignal() {
        return new ToSignal();
    }

    /** Temperature below the group's resolve-below. */
    public static final class IsCool extends SimpleCondition<GroupHeat> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(GroupHeat heat) {
            return heat.cool();
        }
    }

    static final class ToSignal extends PatternProcessFunction<GroupHeat, HeatSignal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processMatch(Map<String, List<GroupHeat>> match, Context ctx, Collector<HeatSignal> out) {
            List<GroupHeat> run = match.get(COOL);
            GroupHeat last = run.get(run.size() - 1);
            out.collect(new HeatSignal(last.group(), HeatSignal.Kind.COOLED_DOWN, run.get(0).time(), last.time(),
                    null, last.temperature(), List.of(), SustainedHeatPattern.evidenceOf(last.pairs())));
        }
    }
}
