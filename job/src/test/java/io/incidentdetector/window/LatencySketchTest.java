package io.incidentdetector.window;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencySketchTest {

    @Test
    void quantilesAreWithinOnePercentOfTheExactValueAndMergeLikeOneSketch() {
        Random random = new Random(3);
        double[] values = new double[20_001];
        LatencySketch left = new LatencySketch();
        LatencySketch right = new LatencySketch();
        for (int i = 0; i < values.length; i++) {
            values[i] = 8 * Math.exp(0.3 * random.nextGaussian());
            (i % 2 == 0 ? left : right).add(values[i]);
        }
        LatencySketch merged = left.merge(right);
        Arrays.sort(values);
        assertThat(merged.count()).isEqualTo(values.length);
        assertThat(merged.quantile(0.5)).isCloseTo(values[values.length / 2], within(0.01 * values[values.length / 2]));
        double p99 = values[(int) (0.99 * (values.length - 1))];
        assertThat(merged.quantile(0.99)).isCloseTo(p99, within(0.011 * p99));
        assertThat(new LatencySketch().quantile(0.5)).isNaN();
    }

    @Test
    void flinkUsesTheSketchSerializerAndItRoundTrips() throws Exception {
        TypeInformation<LatencySketch> type = TypeInformation.of(LatencySketch.class);
        TypeSerializer<LatencySketch> serializer = type.createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isSameAs(LatencySketchSerializer.INSTANCE);
        LatencySketch sketch = new LatencySketch();
        for (int i = 1; i <= 100; i++) {
            sketch.add(i);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(sketch, out);
        LatencySketch back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.count()).isEqualTo(100);
        assertThat(back.quantile(0.5)).isEqualTo(sketch.quantile(0.5));
        assertThat(out.length()).isLessThan(400);
    }
}
