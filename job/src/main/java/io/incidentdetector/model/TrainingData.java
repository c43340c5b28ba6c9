package io.incidentdetector.model;

import io.incidentdetector.config.ConfigLocation;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;

import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the training file of the {@code i}-th configured pair that has one and fits its baseline, inside the job:
 * the files are opened where the source runs (a path on the task manager, or the copy bundled in the jar), and only
 * their names travel in the job graph. A file that cannot be used yields a baseline with its problem, so the pair
 * learns online and the problem reaches the dead letters.
 */
public final class TrainingData implements GeneratorFunction<Long, TrainedBaseline> {

    private static final long serialVersionUID = 1L;

    /** Pair keys and training files, in configuration order. */
    private final ArrayList<String[]> files = new ArrayList<>();
    private final ConfigLocation location;
    private final ModelConfig model;

    public TrainingData(LatencyConfig config, ConfigLocation location) {
        for (PairConfig pair : config.pairs()) {
            if (pair.training() != null && !pair.excluded()) {
                files.add(new String[] {pair.key(), pair.training()});
            }
        }
        this.location = location;
        this.model = config.model();
    }

    public static BaselineTrainer trainer(ModelConfig model) {
        return new BaselineTrainer(model);
    }

    /** How many pairs have a training file. */
    public int count() {
        return files.size();
    }

    public List<String> pairs() {
        return files.stream().map(f -> f[0]).toList();
    }

    @Override
    public TrainedBaseline map(Long index) {
        String pair = files.get(index.intValue())[0];
        String file = files.get(index.intValue())[1];
        try (InputStream in = location.open(file)) {
            List<QueryRangeSample> samples = QueryRangeFiles.readSingleSeries(in, file);
            if (samples.size() < 3) {
                return new TrainedBaseline(pair, null, file, "training file has " + samples.size()
                        + " usable points; at least 3 are needed");
            }
            long[] times = new long[samples.size()];
            double[] values = new double[samples.size()];
            for (int j = 0; j < samples.size(); j++) {
                times[j] = samples.get(j).timestamp();
                values[j] = samples.get(j).value();
            }
            return new TrainedBaseline(pair, trainer(model).train(times, values), file, null);
        } catch (IOException | RuntimeException e) {
            return new TrainedBaseline(pair, null, file, "cannot use training file: " + e.getMessage());
        }
    }
}
