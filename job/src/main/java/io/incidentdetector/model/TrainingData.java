package io.incidentdetector.model;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ConfigLocation;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Trains one model per configured pair from its query_range file, at job start-up. */
public final class TrainingData {

    private TrainingData() {}

    public static BaselineTrainer trainer(ModelConfig model) {
        return new BaselineTrainer(model.fourierOrder(), model.period().toMillis(), model.coverage(),
                model.outlierCutoff(), model.minRelativeBand());
    }

    /** Models by pair key for every pair that names a training file. */
    public static Map<String, BaselineModel> trainAll(JobConfig config, ConfigLocation location) {
        BaselineTrainer trainer = trainer(config.latency().model());
        Map<String, BaselineModel> models = new HashMap<>();
        List<PairConfig> pairs = config.latency().pairs();
        for (int i = 0; i < pairs.size(); i++) {
            PairConfig pair = pairs.get(i);
            if (pair.training() == null) {
                continue;
            }
            String key = "latency.pairs[" + i + "].training";
            try (InputStream in = location.open(pair.training())) {
                List<QueryRangeSample> samples = QueryRangeFiles.readSingleSeries(in, pair.training());
                if (samples.size() < 3) {
                    throw new ConfigException(location.origin(), List.of(key + ": '" + pair.training()
                            + "' has " + samples.size() + " usable points; at least 3 are needed"));
                }
                long[] times = new long[samples.size()];
                double[] values = new double[samples.size()];
                for (int j = 0; j < samples.size(); j++) {
                    times[j] = samples.get(j).timestamp();
                    values[j] = samples.get(j).value();
                }
                models.put(pair.key(), trainer.fit(times, values, BaselineModel.TRAINED));
            } catch (IOException e) {
                throw new ConfigException(location.origin(), List.of(key + ": cannot read '" + pair.training()
                        + "': " + e.getMessage()));
            }
        }
        return models;
    }
}
