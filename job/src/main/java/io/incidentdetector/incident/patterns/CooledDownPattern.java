package io.incidentdetector.incident.patterns;

import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.HeatSignal;

import org.apache.flink.cep.pattern.conditions.SimpleCondition;

import java.time.Duration;
import java.util.List;

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

    /** Temperature below the group's resolve-below. */
    public static final class IsCool extends SimpleCondition<GroupHeat> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(GroupHeat heat) {
            return heat.cool();
        }
    }

    @Override
    HeatSignal signal(List<GroupHeat> run) {
        GroupHeat last = run.get(run.size() - 1);
        return new HeatSignal(last.group(), HeatSignal.Kind.COOLED_DOWN, run.get(0).time(), last.time(), null,
                last.temperature(), List.of(), last.evidence());
    }
}
