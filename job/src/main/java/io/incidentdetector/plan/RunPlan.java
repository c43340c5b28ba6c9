package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigLocation;
import io.incidentdetector.config.JobConfig;

/**
 * One run, fully decided: the configuration with the command line and the facts of the input files applied and
 * validated once, where data comes from, and what the console shows. Built by {@link RunPlans}; immutable.
 *
 * @param configName the configuration as the user named it
 * @param quiet      no incident or alert lines on the console
 * @param table      every window verdict as a table row on the console
 */
public record RunPlan(JobConfig config, ConfigLocation location, String configName, InputPlan inputs, boolean quiet,
        boolean table) {}
