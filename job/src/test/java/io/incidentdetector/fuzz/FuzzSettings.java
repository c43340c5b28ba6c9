package io.incidentdetector.fuzz;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The seed and the number of tries of every fuzz property: fixed by default, so CI fuzzes the same records on every
 * run; {@code -Dfuzz.seed=...} and {@code -Dfuzz.tries=...} (passed on to the test JVM by Surefire) fuzz others or
 * more. Applied to a class with {@code @AddLifecycleHook(FuzzSettings.class)}.
 */
public final class FuzzSettings implements AroundPropertyHook {

    /** The seed CI uses. */
    public static final String SEED = "21";
    /** Tries per property in CI: the issue asks for at least 100,000 hostile records per input kind. */
    public static final int TRIES = 100_000;

    public static String seed() {
        return System.getProperty("fuzz.seed", SEED);
    }

    /**
     * Fails the property unless at least {@code minA} percent of its records came out as {@code a} and {@code minB}
     * percent as {@code b} (as counted by {@code Statistics.collect}): a generator that only makes garbage, or only
     * valid records, does not test what it should.
     */
    static void expectOutcomes(String a, double minA, String b, double minB) {
        Statistics.coverage(c -> {
            c.check(a).percentage(p -> p >= minA);
            c.check(b).percentage(p -> p >= minB);
        });
    }

    public static int tries() {
        return Integer.parseInt(System.getProperty("fuzz.tries", String.valueOf(TRIES)).replace("_", ""));
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setSeed(seed());
        context.attributes().setTries(tries());
        // a failure is reproduced by its seed, which the report prints; nothing is written next to the sources
        context.attributes().setAfterFailure(AfterFailureMode.RANDOM_SEED);
        return property.execute();
    }

    @Override
    public int aroundPropertyProximity() {
        return -20;
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.map(e -> e instanceof Method).orElse(false);
    }
}
