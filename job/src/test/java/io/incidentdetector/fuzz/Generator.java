package io.incidentdetector.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/** Makes one fuzz input from a random source: the same seed always makes the same input. */
@FunctionalInterface
interface Generator<T> {

    T make(RandomGenerator r);

    /** A generator and how often it is picked relative to the others of {@link #frequencyOf}. */
    record Choice<T>(int weight, Generator<T> generator) {}

    static <T> Choice<T> weight(int weight, Generator<T> generator) {
        return new Choice<>(weight, generator);
    }

    /** Picks one of the choices at random, each as often as its weight, and makes the input with it. */
    @SafeVarargs
    static <T> Generator<T> frequencyOf(Choice<T>... choices) {
        List<Choice<T>> all = List.of(choices);
        int total = all.stream().mapToInt(Choice::weight).sum();
        return r -> {
            int pick = r.nextInt(total);
            for (Choice<T> choice : all) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.generator().make(r);
                }
            }
            throw new IllegalStateException("weights changed");
        };
    }
}
