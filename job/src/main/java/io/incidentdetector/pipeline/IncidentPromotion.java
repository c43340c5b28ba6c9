package io.incidentdetector.pipeline;

import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.HeatSignal;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentLifecycle;
import io.incidentdetector.incident.patterns.CooledDownPattern;
import io.incidentdetector.incident.patterns.SignalPattern;
import io.incidentdetector.incident.patterns.SustainedHeatPattern;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;

/**
 * Where incidents are born, for every pipeline: heat per window goes through the two named CEP patterns
 * (sustained heat, cooled down) into the incident lifecycle, which gives each episode its identity.
 */
public final class IncidentPromotion {

    private IncidentPromotion() {}

    /**
     * @param uidPrefix {@code latency} or {@code canary}: the operators are {@code <prefix>-cep-sustained-heat},
     *                  {@code <prefix>-cep-cooled-down} and {@code <prefix>-incident-lifecycle}
     */
    static DataStream<Incident> promote(DataStream<GroupHeat> heat, int openAfterWindows, Duration resolveAfter,
            Duration window, IncidentKind kind, String uidPrefix) {
        DataStream<HeatSignal> hot = signals(heat, new SustainedHeatPattern(openAfterWindows, window),
                uidPrefix + "-cep-sustained-heat");
        DataStream<HeatSignal> cool = signals(heat, new CooledDownPattern(resolveAfter, window),
                uidPrefix + "-cep-cooled-down");
        return hot.union(cool)
                .keyBy(HeatSignal::group, Types.STRING)
                .process(new IncidentLifecycle(kind, window))
                .uid(uidPrefix + "-incident-lifecycle")
                .name(kind.name().toLowerCase() + " incident lifecycle");
    }

    private static DataStream<HeatSignal> signals(DataStream<GroupHeat> groupHeat,
            SignalPattern<GroupHeat, HeatSignal> pattern, String uid) {
        return CEP.pattern(groupHeat.keyBy(GroupHeat::group, Types.STRING), pattern.pattern())
                .process(pattern.toSignal(), TypeInformation.of(HeatSignal.class))
                .uid(uid)
                .name("CEP " + pattern.name());
    }
}
