package io.incidentdetector.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark sits on top of the job: it may use any of it, and nothing of the job or the connectors (nor the
 * job's test classes it borrows, such as the Kafka broker) may use it. Its table and its JMH micro-benchmarks are
 * independent of each other.
 */
class BenchLayersTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // the benchmark's own tests are left out; the job's test classes it borrows are in
        classes = new ClassFileImporter().withImportOption(location -> !location.contains("/bench/target/test-classes"))
                .importPackages("io.incidentdetector");
    }

    @Test
    void theJobAndTheConnectorsNeverUseTheBenchmark() {
        assertThat(classes.containPackage("io.incidentdetector.plan")).isTrue();
        noClasses().that().resideOutsideOfPackage("io.incidentdetector.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.incidentdetector.bench..")
                .check(classes);
    }

    @Test
    void theTableAndTheMicroBenchmarksAreIndependent() {
        noClasses().that().resideInAPackage("io.incidentdetector.bench.micro..")
                .should().dependOnClassesThat().resideInAPackage("io.incidentdetector.bench")
                .check(classes);
        noClasses().that().resideInAPackage("io.incidentdetector.bench")
                .should().dependOnClassesThat().resideInAPackage("io.incidentdetector.bench.micro..")
                .check(classes);
    }
}
