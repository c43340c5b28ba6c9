package io.incidentdetector.metrics;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The latest values of a few gauges per label value, e.g. {@code y}, {@code y_min}, ... per {@code pair}. Gauges of a
 * label value are registered the first time it is set (as {@code <group>.<label>=<value>.<name>}, which Prometheus
 * shows as {@code <...>_<label>_<name>{<label>="<value>"}}), and at most {@code maxLabelValues} values get gauges,
 * so a stream of unexpected keys cannot blow up the number of series. Values are per subtask: each key lives on one.
 * The task thread publishes each set of values as a new array through a volatile field, so a reporter thread reads
 * the values of one update together.
 */
public final class LabelledGauges {

    private final MetricGroup group;
    private final String label;
    private final int maxLabelValues;
    private final String[] names;
    private final Map<String, Latest> latest = new HashMap<>();

    private static final class Latest {
        volatile double[] values;
    }

    public LabelledGauges(MetricGroup group, String label, int maxLabelValues, String... names) {
        this.group = group;
        this.label = label;
        this.maxLabelValues = maxLabelValues;
        this.names = names.clone();
    }

    /** Sets the gauges of {@code labelValue}, in the order of the names; NaN for unknown. */
    public void set(String labelValue, double... values) {
        double[] copy = Arrays.copyOf(values, names.length);
        for (int i = values.length; i < names.length; i++) {
            copy[i] = Double.NaN;
        }
        Latest slot = latest.get(labelValue);
        if (slot == null) {
            if (latest.size() >= maxLabelValues) {
                return;
            }
            Latest created = new Latest();
            created.values = copy;
            MetricGroup labelled = group.addGroup(label, labelValue);
            for (int i = 0; i < names.length; i++) {
                int index = i;
                labelled.gauge(names[i], (Gauge<Double>) () -> created.values[index]);
            }
            latest.put(labelValue, created);
            return;
        }
        slot.values = copy;
    }

    /** Whether {@code labelValue} has gauges. */
    public boolean has(String labelValue) {
        return latest.containsKey(labelValue);
    }

    public int labelValues() {
        return latest.size();
    }
}
