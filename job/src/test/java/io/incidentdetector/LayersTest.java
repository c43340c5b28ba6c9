package io.incidentdetector;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
 * The packages of the job form layers, each using only the ones below it. The domain, from the bottom up: an event
 * ({@code event}) is windowed ({@code window}) and judged ({@code model}, {@code judge}), heats up ({@code heat},
 * {@code canary}) and becomes an incident ({@code incident}, {@code control}), which a page draws
 * ({@code picture}). {@code pipeline} assembles those
 * stages into the job's topology from inputs and outputs it is given; {@code sink} and {@code source} build those
 * outputs and inputs (Kafka, files, the generator of {@code scenario}); {@code plan} decides what to run; the
 * command line ({@code cli}, {@code launcher}), {@code evaluate} and the cluster entry point are on top. The
 * connectors module below them all knows nothing of the job. A change that makes a lower layer reach up, or that
 * closes a cycle, fails the build here.
 */
class LayersTest {

    /** From the top down; a package may depend only on packages listed after it. */
    static final List<String> LAYERS = List.of(
            "launcher",
            "evaluate",
            "cli",
            "plan",
            "source",
            "scenario",
            "sink",
            "picture",
            "pipeline",
            "control",
            "canary",
            "heat",
            "incident",
            "judge",
            "model",
            "window",
            "metrics",
            "state",
            "config",
            "event");

    /** Where events are judged and incidents born. */
    static final List<String> DOMAIN = List.of("event", "window", "model", "judge", "heat", "canary", "incident");

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

    /** The domain judges whatever it is given: it never knows of simulated data, of evaluation or of a run's plan. */
    @Test
    void theDomainKnowsNothingOfScenariosEvaluationOrTheLauncher() {
        noClasses().that().resideInAnyPackage(packages(DOMAIN))
                .should().dependOnClassesThat().resideInAnyPackage(packages(List.of("scenario", "evaluate", "launcher",
                        "plan", "cli")))
                .check(classes);
    }

    @Test
    void theConnectorsKnowNothingOfTheJob() {
        noClasses().that().resideInAPackage("io.incidentdetector.connectors..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.incidentdetector..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(
                                "io.incidentdetector.connectors.."))))
                .check(classes);
        slices().matching("io.incidentdetector.connectors.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theConnectorsAreOnTheClassPathOfThisTest() {
        assertThat(classes.containPackage("io.incidentdetector.connectors.kafka")).isTrue();
    }

    @Test
    void nothingDependsOnTheEntryPoints() {
        noClasses().that().resideOutsideOfPackage("io.incidentdetector")
                .should().dependOnClassesThat().haveFullyQualifiedName(IncidentDetectorJob.class.getName())
                .check(classes);
    }

    private static String[] packages(List<String> names) {
        return names.stream().map(p -> "io.incidentdetector." + p + "..").toArray(String[]::new);
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
