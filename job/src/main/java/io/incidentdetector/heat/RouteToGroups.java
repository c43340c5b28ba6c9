package io.incidentdetector.heat;

import io.incidentdetector.config.GroupConfig;
import io.incidentdetector.event.ServicePair;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Sends each pair's heat to every configured group that contains the pair; pairs in no group stop here. */
public final class RouteToGroups implements FlatMapFunction<PairHeat, GroupMember> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, ArrayList<String>> groupsByPair = new HashMap<>();

    public RouteToGroups(List<GroupConfig> groups) {
        for (GroupConfig group : groups) {
            for (String pair : group.pairs()) {
                groupsByPair.computeIfAbsent(ServicePair.normalise(pair), p -> new ArrayList<>()).add(group.name());
            }
        }
    }

    @Override
    public void flatMap(PairHeat heat, Collector<GroupMember> out) {
        List<String> groups = groupsByPair.get(heat.pair());
        if (groups != null) {
            for (String group : groups) {
                out.collect(new GroupMember(group, heat));
            }
        }
    }
}
