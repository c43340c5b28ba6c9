package io.incidentdetector.incident.patterns;

import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.HeatSignal;

import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The group's temperature stayed below its resolve-below for {@code resolve-after}, rounded up to whole
 * windows. Together with the higher open threshold this is the hysteresis that stops flapping.
 */
public final class CooledDownPattern extends ConsecutiveWindowsPattern {

    private static final long serialVersionUID = 1L;

    public CooledDownPattern(Duration resolveAfter, Duration window) {
        super((int) Math.max(1, (resolveAfter.toMillis() + window.toMillis() - 1) / window.toMillis()), window);
    }

    @Override
    public String name() {
        return "cooled-down";
    }

    @Override
    SimpleCondition<GroupHeat> condition() {
        return new IsCool();
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
            List<GroupHeat> run = match.get(RUN);
            GroupHeat last = run.get(run.size() - 1);
            out.collect(new HeatSignal(last.group(), HeatSignal.Kind.COOLED_DOWN, run.get(0).time(), last.time(),
                    null, last.temperature(), List.of(), last.evidence()));
        }
    }
}
