package io.incidentdetector.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentdetector.deploy.DeploymentFilesTest.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's requirements are the ones the build enforces. */
class RequirementsDocTest {

    @Test
    void theReadmeNamesTheJavaAndMavenVersionsTheBuildRequires() throws IOException {
        Path root = DOCKER.getParent();
        String pom = Files.readString(root.resolve("pom.xml"));
        String readme = Files.readString(root.resolve("README.md"));
        assertThat(readme).contains("**Requirements:** Java " + lowest(pom, "requireJavaVersion") + " and Maven "
                + lowest(pom, "requireMavenVersion") + " or later").contains("need Linux");
    }

    static String lowest(String pom, String rule) {
        Matcher m = Pattern.compile("<" + rule + ">\\s*<version>\\[([0-9.]+),\\)</version>").matcher(pom);
        assertThat(m.find()).as(rule).isTrue();
        return m.group(1);
    }
}
