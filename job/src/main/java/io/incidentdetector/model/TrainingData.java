package io.incidentdetector.model;

import io.incidentdetector.config.ConfigLocation;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the training file of the {@code i}-th configured pair that has one and fits its baseline, inside the job:
 * the files are opened where the source runs (a path on the task manager, or the copy bundled in the jar), and only
 * their names travel in the job graph. A file that cannot be used yields a baseline with its problem, so the pair
 * learns online and the problem reaches the dead letters. Of a file longer than
 * {@code latency.model.max-training-points}, the most recent points are fitted (counted in
 * {@code training_points_dropped}, and logged).
 */
public final class TrainingData implements GeneratorFunction<Long, TrainedBaseline> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    /** Pair keys and training files, in configuration order. */
    private final ArrayList<String[]> files = new ArrayList<>();
    private final ConfigLocation location;
    private final ModelConfig model;
    private transient Counter pointsDropped;

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
    public void open(SourceReaderContext context) {
        pointsDropped = context.metricGroup().counter("training_points_dropped");
    }

    @Override
    public TrainedBaseline map(Long index) {
        String pair = files.get(index.intValue())[0];
        String file = files.get(index.intValue())[1];
        try (InputStream in = location.open(file)) {
            TrainingPoints points = new TrainingPoints(model.maxTrainingPoints());
            QueryRangeFiles.readSingleSeries(in, file, sample -> points.add(sample.timestamp(), sample.value()));
            if (points.size() < 3) {
                return new TrainedBaseline(pair, null, file, "training file has " + points.size()
                        + " usable points; at least 3 are needed");
            }
            if (points.dropped() > 0) {
                LOG.warn("{}: training file {} has {} points; the most recent {} are fitted, the oldest {} left out"
                        + " (latency.model.max-training-points)", pair, file, points.size() + points.dropped(),
                        points.size(), points.dropped());
                if (pointsDropped != null) {
                    pointsDropped.inc(points.dropped());
                }
            }
            return new TrainedBaseline(pair, points.train(trainer(model)), file, null);
        } catch (IOException | RuntimeException e) {
            return new TrainedBaseline(pair, null, file, "cannot use training file: " + e.getMessage());
        }
    }
}
