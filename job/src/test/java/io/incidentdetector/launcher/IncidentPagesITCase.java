package io.incidentdetector.launcher;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.picture.IncidentCharts;
import io.incidentdetector.picture.IncidentPages;
import io.incidentdetector.picture.PageName;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.RequiredBinary;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file run of {@code single-delay} writes a page per incident beside {@code incidents.jsonl}, {@code pages --from}
 * writes the same pages from the folder, and headless Chromium (Debian {@code chromium}) draws the latency chart.
 */
class IncidentPagesITCase {

    @TempDir
    static Path dir;
    static Path out;
    static int exitCode;

    @BeforeAll
    static void fileRun() {
        out = dir.resolve("out");
        exitCode = LocalLauncher.commandLine().execute("--scenario", "single-delay", "--out", out.toString());
    }

    static Set<String> incidentIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(out.resolve(OutputFiles.INCIDENTS))) {
            ids.add(JsonCodec.mapper().readValue(line, Incident.class).id());
        }
        return ids;
    }

    static Path latencyPage() throws IOException {
        for (String line : Files.readAllLines(out.resolve(OutputFiles.INCIDENTS))) {
            Incident incident = JsonCodec.mapper().readValue(line, Incident.class);
            if (incident.kind() == IncidentKind.LATENCY) {
                return out.resolve(OutputFiles.PAGES).resolve(PageName.of(incident.id()));
            }
        }
        throw new AssertionError("single-delay raised no latency incident");
    }

    @Test
    void aFileRunWritesAPagePerIncidentBesideItsIncidents() throws Exception {
        assertThat(exitCode).isZero();
        Set<String> ids = incidentIds();
        assertThat(ids).isNotEmpty();
        Path pages = out.resolve(OutputFiles.PAGES);
        for (String id : ids) {
            assertThat(pages.resolve(PageName.of(id))).exists();
        }
        try (var files = Files.list(pages)) {
            assertThat(files.count()).isEqualTo(ids.size() + 1);
        }
        String page = Files.readString(latencyPage());
        assertThat(page).contains("<polyline class=\"series observed\"").contains("<polygon class=\"band\"")
                .contains("<rect class=\"span\"").contains("<tr class=\"record\">")
                .doesNotContain("No window verdicts");
        assertThat(Files.readString(pages.resolve(IncidentPages.INDEX))).contains(PageName.of(ids.iterator().next()));
    }

    @Test
    void thePagesCommandWritesTheSamePagesFromTheRunsFolder() throws Exception {
        assertThat(exitCode).isZero();
        Path again = dir.resolve("again");
        assertThat(LocalLauncher.commandLine().execute("pages", "--from", out.toString(), "--out", again.toString()))
                .isZero();
        for (String id : incidentIds()) {
            assertThat(Files.readString(again.resolve(PageName.of(id))))
                    .isEqualTo(Files.readString(out.resolve(OutputFiles.PAGES).resolve(PageName.of(id))));
        }
    }

    @Test
    void chromiumDrawsTheLatencyChart() throws Exception {
        assertThat(exitCode).isZero();
        String chromium = RequiredBinary.find("chromium", "chromium", "chromium-browser");
        Path page = latencyPage();
        Path png = dir.resolve("page.png");
        run(chromium, "--screenshot=" + png, "--window-size=1200,1000", page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG at " + png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        Color stroke = Color.decode(IncidentCharts.OBSERVED_COLOR);
        int strokePixels = 0;
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                colors.add(rgb & 0xffffff);
                Color c = new Color(rgb);
                if (Math.abs(c.getRed() - stroke.getRed()) <= 10 && Math.abs(c.getGreen() - stroke.getGreen()) <= 10
                        && Math.abs(c.getBlue() - stroke.getBlue()) <= 10) {
                    strokePixels++;
                }
            }
        }
        assertThat(colors.size()).as("a page, not a blank screen").isGreaterThan(50);
        // the legend's swatch is 18 x 10 pixels: a drawn line of latency across the plot is many times that
        assertThat(strokePixels).as("pixels of the latency line").isGreaterThan(1_000);

        String dom = run(chromium, "--dump-dom", page.toUri().toString());
        assertThat(dom).contains("<svg").contains("class=\"series observed\"").contains("class=\"band\"")
                .contains("class=\"span\"");
    }

    /** Runs headless Chromium on a page; returns what it printed. */
    static String run(String chromium, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--disable-gpu", "--no-sandbox",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("chromium-profile")));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + command);
        }
        assertThat(process.exitValue()).as("chromium's exit code; stderr: "
                + Files.readString(dir.resolve("chromium.err"))).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
