package io.incidentdetector.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredBinaryTest {

    @Test
    void aFileThatIsThereIsReturned(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("zookeeper.jar"), "x");
        assertThat(RequiredBinary.file("zookeeper", jar)).isEqualTo(jar);
    }

    @Test
    void aMissingFileFailsInCiAndSkipsElsewhereNamingThePackage(@TempDir Path dir) {
        Class<? extends Throwable> outcome = "true".equalsIgnoreCase(System.getenv("CI"))
                ? AssertionError.class : TestAbortedException.class;
        assertThatThrownBy(() -> RequiredBinary.file("zookeeper", dir.resolve("zookeeper.jar")))
                .isInstanceOf(outcome)
                .hasMessageContaining("zookeeper.jar is missing (Debian package 'zookeeper')")
                .hasMessageContaining(".ci/run");
    }
}
