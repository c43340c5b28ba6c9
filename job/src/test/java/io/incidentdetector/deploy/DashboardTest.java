package io.incidentdetector.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentdetector.deploy.DeploymentFilesTest.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard's variables and incident annotations, and the alert links that fill them in. */
class DashboardTest {

    static final String SEVERITY = "flink_taskmanager_job_task_operator_group_severity_level";

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/incident-detector.json").toFile());
    }

    static Map<String, JsonNode> variables() throws IOException {
        Map<String, JsonNode> variables = new HashMap<>();
        dashboard().at("/templating/list").forEach(v -> variables.put(v.get("name").asText(), v));
        return variables;
    }

    @Test
    void groupIsChosenFromTheGroupsThatReportAndIncidentIsFreeText() throws IOException {
        JsonNode group = variables().get("group");
        assertThat(group.get("type").asText()).isEqualTo("query");
        assertThat(group.at("/query/query").asText()).isEqualTo("label_values(" + SEVERITY + ", group)");
        assertThat(group.get("allValue").asText()).isEqualTo(".*");
        assertThat(variables().get("incident").get("type").asText()).isEqualTo("textbox");
    }

    @Test
    void incidentsAreAnnotatedPerSeverityForTheChosenGroups() throws IOException {
        List<String> exprs = new ArrayList<>();
        dashboard().at("/annotations/list").forEach(a -> {
            if ("prometheus".equals(a.at("/datasource/type").asText())) {
                exprs.add(a.get("expr").asText());
            }
        });
        assertThat(exprs).containsExactlyInAnyOrder("max by (group) (" + SEVERITY + "{group=~\"$group\"}) == 2",
                "max by (group) (" + SEVERITY + "{group=~\"$group\"}) == 1");
    }

    @Test
    void everyQueryOfAGroupMetricFollowsTheGroupVariable() throws IOException {
        List<String> groupQueries = new ArrayList<>();
        dashboard().get("panels").forEach(p -> p.path("targets").forEach(t -> {
            String expr = t.get("expr").asText();
            if (expr.contains("_operator_group_")) {
                groupQueries.add(expr);
            }
        }));
        assertThat(groupQueries).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e).contains("{group=~\"$group\"}"));
    }

    /** docs/alertmanager.md and the compose stack's job configuration link alerts to this dashboard. */
    @Test
    void alertLinksNameTheDashboardAndOnlyItsVariables() throws IOException {
        String uid = dashboard().get("uid").asText();
        List<String> links = new ArrayList<>();
        for (String text : List.of(Files.readString(DOCKER.resolveSibling("docs/alertmanager.md")),
                Files.readString(DOCKER.resolve("compose/job.yaml")))) {
            Matcher m = Pattern.compile("\\S+/d/" + Pattern.quote(uid) + "\\?\\S+").matcher(text);
            while (m.find()) {
                links.add(m.group());
            }
        }
        assertThat(links).hasSizeGreaterThanOrEqualTo(2);
        for (String link : links) {
            Matcher var = Pattern.compile("var-([a-z]+)=").matcher(link);
            List<String> used = new ArrayList<>();
            while (var.find()) {
                used.add(var.group(1));
            }
            assertThat(used).as(link).containsExactlyInAnyOrder("group", "incident");
            assertThat(variables()).containsKeys(used.toArray(String[]::new));
        }
    }
}
