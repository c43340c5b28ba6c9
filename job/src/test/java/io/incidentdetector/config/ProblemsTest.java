package io.incidentdetector.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    @Test
    void eachSharedCheckAddsOneProblemNamingItsKeyInTheOrderFound() {
        Problems p = new Problems();
        p.positive("a.timeout", Duration.ZERO, "10s");
        p.positive("a.fine", Duration.ofSeconds(1), "10s");
        p.notNegative("a.lag", Duration.ofSeconds(-1), "use e.g. 30s");
        p.notNegative("a.zero", Duration.ZERO, "use e.g. 30s");
        p.betweenZeroAndOne("a.share", 1.0, "0.5");
        p.betweenZeroAndOne("a.half", 0.5, "0.5");
        p.notBlank("a.name", " ", "name it");
        p.notBlank("a.set", "x", "name it");
        assertThat(p.list()).containsExactly(
                "a.timeout must be a positive duration (got PT0S). Fix: use e.g. 10s",
                "a.lag must not be negative. Fix: use e.g. 30s",
                "a.share must be between 0 and 1, exclusive (got 1.0). Fix: use 0.5",
                "a.name is empty. Fix: name it");
    }

    @Test
    void theDefaultConfigurationHasNoProblems() {
        assertThat(JobConfig.defaults().problems(ConfigLocation.bundled("inline"), java.util.Set.of("demo"))).isEmpty();
    }
}
