package io.incidentdetector.scenario;

/**
 * Random draws that are a pure function of {@code (seed, index)}: what makes every generator give the same events for
 * any split of the index range over parallel readers. SplitMix64 mixing; Box-Muller for normal draws.
 */
final class IndexRandom {

    private IndexRandom() {}

    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A standard normal draw for index {@code i}. */
    static double gaussian(long seed, long i) {
        long a = mix(seed ^ mix(i));
        long b = mix(a);
        double u1 = ((a >>> 11) + 1) * 0x1.0p-53;
        double u2 = (b >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A uniform draw in [0, 1) for index {@code i}. */
    static double uniform(long seed, long i) {
        return (mix(seed ^ mix(i)) >>> 11) * 0x1.0p-53;
    }
}
