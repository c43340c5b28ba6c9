package io.incidentdetector.canary.alert;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts of each (code, window length): ACTIVE when the condition starts to hold, FIRING at every later bin
 * while it holds (only if alerts repeat), CLEARED when it stops. The active alerts are the keys of a map, as
 * {@code code/window}, so that they can live in keyed state.
 */
public final class AlertLifecycle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean repeatsWhileFiring;

    public AlertLifecycle(boolean repeatsWhileFiring) {
        this.repeatsWhileFiring = repeatsWhileFiring;
    }

    public static String key(int code, int window) {
        return code + "/" + window;
    }

    public boolean isActive(Map<String, Boolean> active, int code, int window) {
        return active.containsKey(key(code, window));
    }

    /** What to report for this (code, window) now that the condition does or does not hold; updates {@code active}. */
    public Optional<AlertStatus> next(Map<String, Boolean> active, int code, int window, boolean holds) {
        String key = key(code, window);
        boolean wasActive = active.containsKey(key);
        if (holds && !wasActive) {
            active.put(key, Boolean.TRUE);
        } else if (!holds && wasActive) {
            active.remove(key);
        }
        return transition(wasActive, holds);
    }

    /** The status to report on going from {@code wasActive} to {@code holds}; empty for none. */
    public Optional<AlertStatus> transition(boolean wasActive, boolean holds) {
        if (holds) {
            return !wasActive ? Optional.of(AlertStatus.ACTIVE)
                    : repeatsWhileFiring ? Optional.of(AlertStatus.FIRING) : Optional.empty();
        }
        return wasActive ? Optional.of(AlertStatus.CLEARED) : Optional.empty();
    }
}
