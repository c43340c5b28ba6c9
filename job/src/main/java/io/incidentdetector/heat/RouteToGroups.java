package io.incidentdetector.heat;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/** Sends each pair's heat to every group the grouping rules put it in; pairs in no group stop here. */
public final class RouteToGroups implements FlatMapFunction<PairHeat, GroupMember> {

    private static final long serialVersionUID = 1L;

    private final Grouping grouping;

    public RouteToGroups(Grouping grouping) {
        this.grouping = grouping;
    }

    @Override
    public void flatMap(PairHeat heat, Collector<GroupMember> out) {
        List<String> groups = grouping.groupsOf(heat.pair());
        for (String group : groups) {
            out.collect(new GroupMember(group, heat));
        }
    }
}
