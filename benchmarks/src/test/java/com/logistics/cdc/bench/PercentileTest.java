package com.logistics.cdc.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentileTest {

    @Test
    void nearestRank() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Percentile.of(hundred, 50)).isEqualTo(50);
        assertThat(Percentile.of(hundred, 99)).isEqualTo(99);
        assertThat(Percentile.of(hundred, 100)).isEqualTo(100);
        assertThat(Percentile.of(hundred, 0)).isEqualTo(1);
        assertThat(Percentile.of(new long[] {7, 9, 30}, 50)).isEqualTo(9);
        assertThat(Percentile.of(new long[] {42}, 99)).isEqualTo(42);
    }

    @Test
    void noSamplesHaveNoPercentile() {
        assertThatThrownBy(() -> Percentile.of(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
