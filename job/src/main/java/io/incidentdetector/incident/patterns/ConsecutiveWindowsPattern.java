package io.incidentdetector.incident.patterns;

import io.incidentdetector.incident.GroupHeat;
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
 * {@code windows} consecutive windows of a group's heat that all meet a condition. Skip-past-last-event, so a
 * long run yields one match per {@code windows} windows, not one per window; {@code within} keeps a partial
 * match from spanning a gap in the data (the group reported nothing for a while).
 */
abstract class ConsecutiveWindowsPattern implements SignalPattern<GroupHeat, HeatSignal> {

    private static final long serialVersionUID = 1L;

    /** The name of the single pattern stage; the matched windows are under this key. */
    static final String RUN = "run";

    private final int windows;
    private final Duration window;

    ConsecutiveWindowsPattern(int windows, Duration window) {
        this.windows = windows;
        this.window = window;
    }

    public int windows() {
        return windows;
    }

    /** What each window of the run must meet. */
    abstract SimpleCondition<GroupHeat> condition();

    /** What a matched run says, from its windows in time order. */
    abstract HeatSignal signal(List<GroupHeat> run);

    @Override
    public PatternProcessFunction<GroupHeat, HeatSignal> toSignal() {
        return new RunToSignal(this);
    }

    @Override
    public Pattern<GroupHeat, ?> pattern() {
        return Pattern.<GroupHeat>begin(RUN, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(condition())
                .times(windows)
                .consecutive()
                .within(window.multipliedBy(windows));
    }

    /** One signal per match: the matched run, handed to the pattern that knows what it means. */
    static final class RunToSignal extends PatternProcessFunction<GroupHeat, HeatSignal> {
        private static final long serialVersionUID = 1L;

        private final ConsecutiveWindowsPattern pattern;

        RunToSignal(ConsecutiveWindowsPattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public void processMatch(Map<String, List<GroupHeat>> match, Context ctx, Collector<HeatSignal> out) {
            out.collect(pattern.signal(match.get(RUN)));
        }
    }
}
