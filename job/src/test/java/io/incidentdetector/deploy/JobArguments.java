package io.incidentdetector.deploy;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.plan.RunPlans;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The job's arguments as a deployment file passes them, run through the job's own command line and run plan. */
final class JobArguments {

    private JobArguments() {}

    /** The value of {@code --config} in {@code args}. */
    static String configPath(List<String> args) {
        int at = args.indexOf("--config");
        if (at < 0 || at + 1 >= args.size()) {
            throw new AssertionError("no --config FILE in " + args);
        }
        return args.get(at + 1);
    }

    /**
     * The configuration a run with {@code args} would use, validated as a run validates it, with the {@code --config}
     * file (a path inside a container or pod) read from {@code hostCopy}.
     */
    static JobConfig plan(List<String> args, Path hostCopy) {
        List<String> local = new ArrayList<>(args);
        local.set(local.indexOf("--config") + 1, hostCopy.toString());
        RunOptions options = new RunOptions();
        new CommandLine(options).parseArgs(local.toArray(String[]::new));
        return RunPlans.from(options.toRequest()).config();
    }

    static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> texts = new ArrayList<>();
        nodes.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
