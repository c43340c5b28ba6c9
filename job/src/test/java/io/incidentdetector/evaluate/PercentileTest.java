package io.incidentdetector.evaluate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentileTest {

    @Test
    void takesTheElementAtFloorQnOfTheSortedValues() {
        List<Long> values = List.of(40L, 10L, 30L, 20L);
        assertThat(Percentile.of(values, 0.5)).isEqualTo(30L);
        assertThat(Percentile.of(values, 0.25)).isEqualTo(20L);
        assertThat(Percentile.of(values, 0.95)).isEqualTo(40L);
        assertThat(Percentile.of(values, 1.0)).as("past the end: the largest").isEqualTo(40L);
        assertThat(Percentile.of(values, 0)).isEqualTo(10L);
        assertThat(Percentile.of(List.of(7L), 0.5)).isEqualTo(7L);
    }

    @Test
    void noValueHasNoPercentile() {
        assertThatThrownBy(() -> Percentile.of(List.of(), 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
