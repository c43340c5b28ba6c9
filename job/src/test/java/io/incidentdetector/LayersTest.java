package io.incidentdetector;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of the job form layers, each using only the ones below it: an event enters ({@code source}), is
 * windowed and judged ({@code window}, {@code judge}), heats up ({@code heat}, {@code canary}), becomes an incident
 * ({@code incident}) and leaves ({@code sink}); {@code pipeline} wires those stages, {@code plan} decides what to
 * run, {@code launcher} and the cluster entry point are on top. A change that makes a lower layer reach up, or
 * that closes a cycle, fails the build here.
 */
class LayersTest {

    /** From the top down; a package may depend only on packages listed after it. */
    static final List<String> LAYERS = List.of(
            "launcher",
            "evaluate",
            "cli",
            "plan",
            "source",
            "sink",
            "pipeline",
            "control",
            "canary",
            "heat",
            "incident",
            "judge",
            "model",
            "scenario",
            "window",
            "metrics",
            "state",
            "config",
            "event");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.incidentdetector");
    }

    @Test
    void noPackageDependsOnAPackageAboveIt() {
        for (int i = 1; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(0, i).stream().map(p -> "io.incidentdetector." + p + "..")
                    .toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage("io.incidentdetector." + LAYERS.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because(LAYERS.get(i) + " is below " + String.join(", ", LAYERS.subList(0, i)));
            rule.check(classes);
        }
    }

    @Test
    void nothingDependsOnTheEntryPoints() {
        noClasses().that().resideOutsideOfPackage("io.incidentdetector")
                .should().dependOnClassesThat().haveFullyQualifiedName(IncidentDetectorJob.class.getName())
                .check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.incidentdetector.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageOfTheJobHasItsPlaceInTheLayers() {
        List<String> packages = classes.stream()
                .map(c -> c.getPackageName())
                .filter(p -> p.startsWith("io.incidentdetector.") && !p.startsWith("io.incidentdetector.connectors"))
                .map(p -> p.substring("io.incidentdetector.".length()).split("\\.")[0])
                .distinct().toList();
        assertThat(LAYERS).containsAll(packages);
    }
}
