package io.incidentdetector.canary;

/** How many errors of one code one build reported in one second ({@code second}: epoch ms of its start). */
public record SecondCount(long second, String build, int code, long count) {}
