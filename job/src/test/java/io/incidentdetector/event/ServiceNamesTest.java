package io.incidentdetector.event;

import io.incidentdetector.connectors.file.InvalidRecordException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNamesTest {

    @Test
    void meshNamesPass() {
        assertThat(ServiceNames.problem("cartservice")).isNull();
        assertThat(ServiceNames.problem("payments.prod.svc.cluster.local")).isNull();
        assertThat(ServiceNames.problem("café-ü")).isNull();
        assertThat(ServiceNames.problem("x".repeat(ServiceNames.MAX_LENGTH))).isNull();
    }

    @Test
    void emptyLongUnprintableAndAmbiguousNamesAreRefusedWithTheReason() {
        assertThat(ServiceNames.problem(" ")).isEqualTo("is empty");
        assertThat(ServiceNames.problem("x".repeat(ServiceNames.MAX_LENGTH + 1))).contains("254 characters");
        assertThat(ServiceNames.problem("cart\u0000")).contains("U+0000");
        assertThat(ServiceNames.problem("cart\u200Bservice")).contains("U+200B");
        assertThat(ServiceNames.problem("a->b")).contains("separates");
        assertThat(ServiceNames.problem(" cart")).contains("space");
    }

    @Test
    void theParserSendsABadNameToTheDeadLettersNamingTheField() {
        assertThatThrownBy(() -> new ServiceCallEventParser().parse(
                "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"source\":\"web\",\"destination\":\"a->b\",\"latencyMs\":1}"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("'destination' is not a service name");
    }
}
