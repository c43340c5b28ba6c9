package io.incidentdetector.scenario;

import java.util.List;

/**
 * The seed's Locust step profile: a 20-minute cycle of ten 120-second steps, users 0, 50, ... 250 and back down,
 * spawned at 10 users/s, plus any surges.
 */
public final class LoadProfile {

    public static final int STEP_SECONDS = 120;
    public static final int STEPS = 10;
    public static final int USERS_PER_STEP = 50;
    public static final int SPAWN_RATE = 10;

    private LoadProfile() {}

    /** Users at a whole second offset from the start of the run. */
    public static double usersAt(int second, List<Scenario.Surge> surges) {
        int cycle = STEP_SECONDS * STEPS;
        int inCycle = Math.floorMod(second, cycle);
        int step = inCycle / STEP_SECONDS;
        int target = stepUsers(step);
        int previous = stepUsers((step + STEPS - 1) % STEPS);
        int ramped = SPAWN_RATE * (inCycle - step * STEP_SECONDS);
        double users = target >= previous ? Math.min(target, previous + ramped) : Math.max(target, previous - ramped);
        if (second < STEP_SECONDS) {
            users = 0;
        }
        for (Scenario.Surge surge : surges) {
            if (second >= surge.fromSecond() && second < surge.toSecond()) {
                users += surge.extraUsers();
            }
        }
        return users;
    }

    static int stepUsers(int step) {
        return USERS_PER_STEP * (step <= STEPS / 2 ? step : STEPS - step);
    }
}
