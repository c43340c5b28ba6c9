package io.incidentdetector.connectors.deadletter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShownTest {

    @Test
    void aShortValueIsShownWhole() {
        assertThat(Shown.value("fast")).isEqualTo("fast");
        assertThat(Shown.value("x".repeat(100))).isEqualTo("x".repeat(100));
        assertThat(Shown.value(null)).isEqualTo("null");
        assertThat(Shown.json(JsonNodeFactory.instance.textNode("fast"))).isEqualTo("\"fast\"");
        assertThat(Shown.json(JsonNodeFactory.instance.numberNode(1.5))).isEqualTo("1.5");
    }

    @Test
    void aLongValueIsCutWithItsLength() {
        assertThat(Shown.value("a".repeat(600_012))).isEqualTo("a".repeat(100) + "… (600,012 chars)");
    }

    @Test
    void aLongJsonStringKeepsItsQuotesAndIsCountedWithoutThem() {
        String shown = Shown.json(JsonNodeFactory.instance.textNode("a".repeat(600_012)));
        assertThat(shown).isEqualTo("\"" + "a".repeat(100) + "…\" (600,012 chars)");
        // what is shown of it stays a JSON string: a quote inside is escaped
        assertThat(Shown.json(JsonNodeFactory.instance.textNode("\"".repeat(200)))).startsWith("\"\\\"\\\"");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String shown = Shown.cut("a".repeat(99) + emoji + "b".repeat(50), 100);
        assertThat(shown).isEqualTo("a".repeat(99) + "… (151 chars)");
    }
}
