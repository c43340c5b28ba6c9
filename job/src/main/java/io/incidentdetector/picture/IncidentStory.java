package io.incidentdetector.picture;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records of one incident, in the order they were written, and the time its page shows: the hour before it
 * opened, its span (at most {@link #MAX_SPAN} of it) and a few minutes after. A long-lived incident keeps its first
 * and latest {@value #MAX_RECORDS} / 2 records; the ones between are counted.
 */
public final class IncidentStory {

    public static final Duration BEFORE = Duration.ofHours(1);
    public static final Duration AFTER = Duration.ofMinutes(5);
    public static final Duration MAX_SPAN = Duration.ofHours(24);
    static final int MAX_RECORDS = 200;
    private static final Pattern CODE = Pattern.compile("code (-?\\d+)");

    private final String id;
    private final List<Incident> records = new ArrayList<>();
    private final Set<String> subjects = new LinkedHashSet<>();
    private Severity highest;
    private int recordsNotKept;

    IncidentStory(String id) {
        this.id = id;
    }

    void add(Incident record) {
        if (records.size() == MAX_RECORDS) {
            records.remove(MAX_RECORDS / 2);
            recordsNotKept++;
        }
        records.add(record);
        subjects.addAll(record.subjects());
        highest = record.severity() != null && record.severity().moreSevereThan(highest) ? record.severity() : highest;
    }

    public String id() {
        return id;
    }

    public List<Incident> records() {
        return records;
    }

    public int recordsNotKept() {
        return recordsNotKept;
    }

    public Incident latest() {
        return records.get(records.size() - 1);
    }

    public IncidentKind kind() {
        return latest().kind();
    }

    public Severity highestSeverity() {
        return highest;
    }

    public boolean resolved() {
        return latest().status() == IncidentStatus.RESOLVED;
    }

    public Instant openedAt() {
        return latest().openedAt();
    }

    /** When it resolved, or its latest record's time while it is open. */
    public Instant end() {
        Incident last = latest();
        Instant end = last.resolvedAt() != null ? last.resolvedAt() : last.updatedAt();
        return end == null ? openedAt() : end;
    }

    /** The start of the time its page shows. */
    public Instant shownFrom() {
        return openedAt().minus(BEFORE);
    }

    /** The end of the time its page shows. */
    public Instant shownTo() {
        Instant capped = openedAt().plus(MAX_SPAN);
        return (end().isAfter(capped) ? capped : end()).plus(AFTER);
    }

    public boolean shows(Instant time) {
        return !time.isBefore(shownFrom()) && !time.isAfter(shownTo());
    }

    /** Every subject any of its records named, in the order they were first named. */
    public List<String> subjects() {
        return List.copyOf(subjects);
    }

    /** The error codes of an error-rate incident ({@code code 4} subjects). */
    public List<Integer> codes() {
        List<Integer> codes = new ArrayList<>();
        for (String subject : subjects) {
            Matcher m = CODE.matcher(subject);
            if (m.matches()) {
                codes.add(Integer.parseInt(m.group(1)));
            }
        }
        return codes;
    }

    /** The build a subject such as {@code canary 5.1} names, or null. */
    public String build(String role) {
        return subjects.stream().filter(s -> s.startsWith(role + " ")).map(s -> s.substring(role.length() + 1))
                .findFirst().orElse(null);
    }
}
