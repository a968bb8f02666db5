package io.sendmailflink.jobs.generate;

/**
 * The generator's random numbers: SplitMix64, written out here so that a seed gives the same
 * traffic on every JDK (the JDK's generators are free to change their algorithms) and so that the
 * hot path pays for no synchronization.
 */
final class Rng {

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound); bound > 0. */
    int nextInt(int bound) {
        // Lemire's multiply-shift: no division, bias below 2^-32 for the bounds used here
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [lo, hi] (inclusive). */
    int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with probability p. */
    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Exponentially distributed with mean 1. */
    double exponential() {
        return -Math.log(1.0 - nextDouble());
    }

    <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }

    /** An index chosen by the weights (which need not sum to anything in particular). */
    int weighted(int[] cumulative) {
        int r = nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Running sums of the weights, for {@link #weighted(int[])}. */
    static int[] cumulative(int... weights) {
        int[] c = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }
}
