package io.incidentdetector.scenario;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioCatalogTest {

    @Test
    void everyNameBuildsTheScenarioOfThatNameOnce() {
        for (String name : ScenarioCatalog.names()) {
            LatencyScenario scenario = ScenarioCatalog.get(name);
            assertThat(scenario.name()).isEqualTo(name);
            assertThat(ScenarioCatalog.get(name)).isSameAs(scenario);
        }
    }

    @Test
    void theMeshScenarioSlowsTheSmallMeshsBusiestDataStore() {
        MeshScenario mesh = (MeshScenario) ScenarioCatalog.get("mesh");
        assertThat(mesh.faults().get(0).target()).isEqualTo(ScenarioCatalog.smallMeshSlowService())
                .isEqualTo(ScenarioCatalog.smallMesh().busiestDataStore());
        assertThat(mesh.description()).contains(ScenarioCatalog.smallMeshSlowService());
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertThat(ScenarioCatalog.find("nope")).isEmpty();
        assertThatThrownBy(() -> ScenarioCatalog.get("nope")).hasMessageContaining("mesh-large");
    }
}
