package com.logistics.cdc.monitor.metrics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LatencySamplesTest {

    @Test
    void holdsTheLastSizeLatencies() {
        LatencySamples samples = new LatencySamples(100);
        assertThat(samples.copy()).isEmpty();
        for (long ms = 1; ms <= 250; ms++) {
            samples.add(ms);
        }
        long[] sorted = samples.copy();
        Arrays.sort(sorted);
        assertThat(sorted).hasSize(100).startsWith(151).endsWith(250);
        assertThat(LatencySamples.percentile(sorted, 50)).isEqualTo(200);
        assertThat(LatencySamples.percentile(sorted, 99)).isEqualTo(249);
        assertThat(LatencySamples.percentile(new long[0], 99)).isZero();
    }

    @Test
    void goesOnPastTwoBillionLatencies() { // an int count wrapped negative there and the next add threw
        LatencySamples samples = new LatencySamples(100);
        for (long n = 0; n < Integer.MAX_VALUE + 10L; n++) {
            samples.add(7);
        }
        assertThat(samples.copy()).hasSize(100).containsOnly(7L);
    }
}
