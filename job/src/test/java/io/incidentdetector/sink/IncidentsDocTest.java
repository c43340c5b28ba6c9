package io.incidentdetector.sink;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The record docs/incidents.md shows is one the job writes, field for field, and the table explains each field. */
class IncidentsDocTest {

    static final Path DOC = Path.of("..").toAbsolutePath().normalize().resolve("docs/incidents.md");

    @Test
    void theDocumentedRecordIsWrittenAsItIsShown() throws Exception {
        String doc = Files.readString(DOC);
        int contract = doc.indexOf("## The incident record (JSON contract)");
        int start = doc.indexOf("```json\n", contract) + "```json\n".length();
        JsonNode shown = JsonCodec.mapper().readTree(doc.substring(start, doc.indexOf("```", start)));
        Incident read = JsonCodec.mapper().readValue(shown.toString(), Incident.class);
        assertThat(JsonCodec.mapper().readTree(IncidentJson.line(read))).isEqualTo(shown);

        List<String> fields = new ArrayList<>();
        shown.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("suspect", "suspectReason", "related").allSatisfy(field ->
                assertThat(doc).as("the table explains " + field).containsPattern("\\n\\| [^|]*`" + field + "`"));
    }
}
