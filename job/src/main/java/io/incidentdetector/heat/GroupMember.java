package io.incidentdetector.heat;

/** A pair's heat routed to one of the groups it belongs to. */
public record GroupMember(String group, PairHeat heat) {}
