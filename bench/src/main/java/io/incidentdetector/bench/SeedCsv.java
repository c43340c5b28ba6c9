package io.incidentdetector.bench;

import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.sink.OutputFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A client-error CSV in the seed script's format ({@code Timestamp,Build_Version,Error_Code}, times {@code H:MM:SS}):
 * both builds, twelve codes of falling frequency, about four rows a second; the canary doubles code 4 in the
 * second half, so the comparison has something to find.
 */
final class SeedCsv {

    private SeedCsv() {}

    static long write(Path file, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String[] builds = {CanaryScenarios.BASELINE, CanaryScenarios.CANARY};
        double[] weights = new double[12];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 1.0 / (i + 1);
            total += weights[i];
        }
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Timestamp,Build_Version,Error_Code\n");
            long second = 0;
            for (int row = 0; row < rows; row++) {
                if (random.nextInt(4) == 0) {
                    second++;
                }
                int build = random.nextInt(2);
                int code = 1;
                double u = random.nextDouble() * total;
                while (code < weights.length && (u -= weights[code - 1]) > 0) {
                    code++;
                }
                if (build == 1 && code == 4 && row > rows / 2 && random.nextBoolean()) {
                    out.write(clock(second) + "," + builds[build] + ",4\n");
                    written++;
                }
                out.write(clock(second) + "," + builds[build] + "," + code + "\n");
                written++;
            }
        }
        return written;
    }

    private static String clock(long second) {
        return String.format("%d:%02d:%02d", second / 3600, second / 60 % 60, second % 60);
    }

    /** Sizes of the heatmap outputs a canary run wrote. */
    static String describe(Path out) throws IOException {
        return String.format("cells %s, csv %s, png %s", kib(out.resolve(OutputFiles.HEATMAP_CELLS)),
                kib(out.resolve(OutputFiles.HEATMAP_CSV)), kib(out.resolve(OutputFiles.HEATMAP_PNG)));
    }

    private static String kib(Path file) throws IOException {
        return Files.exists(file) ? String.format("%,d KiB", Files.size(file) >> 10) : "none";
    }
}
