package io.incidentdetector.pipeline;

/**
 * Stable uids of every operator, in one place. Changing one orphans its state in existing savepoints: add new ones,
 * never rename. The job is built with {@code pipeline.auto-generate-uids: false}, so an operator without one fails
 * the build of the job graph.
 */
public final class OperatorIds {

    public static final String GENERATOR_SOURCE = "latency-generator-source";
    public static final String EVENTS_FILE_SOURCE = "latency-events-file-source";
    public static final String EVENTS_FILE_SPLIT = "latency-events-file-dead-letter-split";
    public static final String QUERY_RANGE_SOURCE = "latency-query-range-source-";
    public static final String PROMETHEUS_SOURCE = "latency-prometheus-source";
    public static final String PROMETHEUS_HISTORY_SOURCE = "latency-prometheus-history-source";
    public static final String LATENCY_WINDOWS = "latency-windows";
    public static final String LATE_EVENTS_COUNT = "latency-late-events-count";
    public static final String LATENCY_PRE_AGGREGATE = "latency-pre-aggregate";
    public static final String ERRORS_PRE_COUNT = "canary-errors-pre-count";
    public static final String CANARY_LATE_PARTS_COUNT = "canary-late-parts-count";
    public static final String CANARY_LATE_PARTS_DISCARD = "canary-late-parts-discard";
    public static final String LATE_PARTS_COUNT = "latency-late-parts-count";
    public static final String LATE_PARTS_DISCARD = "latency-late-parts-discard";
    public static final String TRAINING_SOURCE = "latency-training-source";
    // Retired, never to be reused: "latency-baseline-judge" (the judge before pairs were discovered and trained inside
    // the job) and "latency-pair-judge" (its fixed-band model, before the learning baseline), both with other state;
    // restoring such a savepoint needs --allowNonRestoredState, and pairs learn again.
    public static final String BASELINE_JUDGE = "latency-learning-judge";
    public static final String PAIR_ACCUMULATORS = "latency-pair-accumulators";
    public static final String ROUTE_TO_GROUPS = "latency-route-to-groups";
    public static final String GROUP_TEMPERATURE = "latency-group-temperature";
    public static final String INCIDENT_CORRELATION = "latency-incident-correlation";
    // CEP and lifecycle operators: <pipeline>-cep-sustained-heat, <pipeline>-cep-cooled-down,
    // <pipeline>-incident-lifecycle, for pipeline latency and canary (see IncidentPromotion)
    // Dead letters of both pipelines are counted once and leave through one sink. Retired, never to be reused:
    // "canary-dead-letters-count" and "sink-canary-dead-letters" (a canary-only Kafka run before the two pipelines
    // shared one dead-letter sink; restoring such a savepoint needs --allowNonRestoredState for that sink's state).
    public static final String DEAD_LETTER_COUNT = "dead-letters-count";
    /** Stateless: every dead letter cut to its bounded form before it is counted and written. */
    public static final String DEAD_LETTER_BOUNDS = "dead-letters-bounds";
    public static final String INCIDENT_COUNT = "incidents-count";

    public static final String ERRORS_GENERATOR_SOURCE = "canary-errors-generator-source";
    public static final String ERRORS_CSV_SOURCE = "canary-errors-csv-source";
    public static final String ERRORS_JSON_SOURCE = "canary-errors-json-source";
    public static final String ERRORS_SPLIT = "canary-errors-dead-letter-split";
    public static final String ERRORS_KNOWN_BUILDS = "canary-known-builds";
    public static final String ERRORS_PER_SECOND = "canary-per-second-counts";
    public static final String CANARY_BINNER = "canary-binner";
    public static final String CANARY_LATE_COUNT = "canary-late-errors-count";
    public static final String SINK_LATE_ERRORS = "sink-canary-late-errors";

    // Kafka inputs: each source's split operator is <source uid>-split
    public static final String KAFKA_SERVICE_CALLS_SOURCE = "kafka-service-calls-source";
    public static final String KAFKA_CLIENT_ERRORS_SOURCE = "kafka-client-errors-source";
    public static final String KAFKA_MIXED_SOURCE = "kafka-mixed-events-source";
    public static final String KAFKA_OTLP_SOURCE = "kafka-otlp-spans-source";
    /** CLIENT and SERVER spans that wait for each other, by trace id; then their calls' times (stateless). */
    public static final String OTLP_CALLEE_MATCH = "otlp-callee-match";
    public static final String OTLP_MATCHED_CALL_TIMES = "otlp-matched-call-times";
    /** Only with otlp.split-by: the operations kept apart per pair, keyed by the plain pair. */
    public static final String OTLP_OPERATION_CAP = "otlp-operation-cap";

    // stateless text renderings for the console
    public static final String ALERT_TEXT = "canary-alert-text";
    public static final String INCIDENT_TEXT = "incident-text";
    public static final String VERDICT_ROWS = "latency-verdict-rows";

    public static final String SINK_INCIDENTS = "sink-incidents";
    public static final String SINK_ALERTS = "sink-canary-alerts";
    public static final String SINK_ALERT_LINES = "sink-canary-alert-console";
    public static final String SINK_CELLS = "sink-canary-heatmap-cells";
    public static final String SINK_INCIDENT_LINES = "sink-incident-console";
    public static final String SINK_VERDICTS = "sink-window-verdicts";
    public static final String SINK_VERDICT_TABLE = "sink-window-table";
    public static final String SINK_DEAD_LETTERS = "sink-dead-letters";
    public static final String SINK_LATE_EVENTS = "sink-late-events";
    /** Alertmanager; its state is the alerts it holds. */
    public static final String SINK_NOTIFICATIONS = "sink-alertmanager";
    public static final String KAFKA_CONTROL_SOURCE = "kafka-control-source";
    public static final String CONTROL_AUTH = "control-auth";
    /** The resolutions of incidents a previous run left open: present in every Kafka run, empty when resuming. */
    public static final String LEFT_OPEN_SOURCE = "left-open-incidents-source";
    public static final String CONTROL_GATE = "control-gate";
    // the two NoInput sources where a run has no control topic or no pairs; their filters that dropped a dummy
    // element, "control-none-drop" and "control-no-pairs-drop", are gone (they held nothing: no savepoint needs them)
    public static final String CONTROL_NONE = "control-none";
    public static final String CONTROL_NO_PAIRS = "control-no-pairs";
    public static final String INCIDENT_CONTROL = "incident-control";
    public static final String CONTROL_AUDIT_COUNT = "control-audit-count";
    public static final String CONTROL_AUDIT_BOUNDS = "control-audit-bounds";
    public static final String SINK_CONTROL_AUDIT = "sink-control-audit";
    public static final String CONTROL_AUDIT_TEXT = "control-audit-text";
    public static final String SINK_CONTROL_LINES = "sink-control-lines";

    private OperatorIds() {}
}
