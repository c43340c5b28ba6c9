package io.incidentdetector.fuzz;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * OTLP/JSON requests written as text, mostly in the Collector's own form (camelCase names, hex ids, times as decimal
 * strings, kind as an integer), with hostile values in any field: wrong types, extreme times and ids, names that
 * are not names, attribute values of every kind.
 */
final class OtlpJsonText {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpJsonText() {}

    /** Half the requests are all well formed (their names and times may still be refused span by span). */
    static String request(RandomGenerator r) {
        return request(new Hostility(r, r.nextBoolean()));
    }

    /** Decides where a request turns hostile: nowhere in a well-formed one, here and there in the others. */
    private static final class Hostility implements RandomGenerator {
        private final RandomGenerator r;
        private final boolean hostile;

        Hostility(RandomGenerator r, boolean hostile) {
            this.r = r;
            this.hostile = hostile;
        }

        @Override
        public long nextLong() {
            return r.nextLong();
        }

        /** True now and then in a hostile request, never in a well-formed one. */
        boolean bad(int oneIn) {
            return hostile && r.nextInt(oneIn) == 0;
        }
    }

    private static String request(Hostility r) {
        StringBuilder resources = new StringBuilder("[");
        for (int i = r.nextInt(3); i >= 0; i--) {
            resources.append(resources.length() > 1 ? "," : "").append(resourceSpans(r));
        }
        Map<String, String> root = new LinkedHashMap<>();
        root.put(r.nextInt(10) == 0 ? "resource_spans" : "resourceSpans",
                r.bad(15) ? Hostile.anyValue(r) : resources.append(']').toString());
        return hostile(r, root);
    }

    /** The fields, sometimes one of them made hostile. */
    private static String hostile(Hostility r, Map<String, String> fields) {
        return r.bad(6)
                ? Hostile.withHostileField(r, fields, List.copyOf(fields.keySet()))
                : Hostile.object(fields);
    }

    private static String resourceSpans(Hostility r) {
        Map<String, String> resource = new LinkedHashMap<>();
        String service = !r.bad(4) ? Hostile.quote(Hostile.name(r)) : Hostile.anyValue(r);
        resource.put("attributes", "[" + keyValue(r, "service.name", "{\"stringValue\":" + service + "}")
                + (r.nextBoolean() ? "," + attribute(r) : "") + "]");
        StringBuilder spans = new StringBuilder("[");
        for (int i = r.nextInt(5); i > 0; i--) {
            spans.append(spans.length() > 1 ? "," : "").append(span(r));
        }
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("scope", "{\"name\":\"fuzz\"}");
        scope.put("spans", spans.append(']').toString());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("resource", hostile(r, resource));
        fields.put(r.nextInt(10) == 0 ? "instrumentationLibrarySpans" : "scopeSpans", "[" + hostile(r, scope) + "]");
        return hostile(r, fields);
    }

    private static String span(Hostility r) {
        long end = OtlpFuzzTest.nanos(r);
        long start = r.nextInt(3) > 0 ? end - r.nextInt(1_000_000_000) : OtlpFuzzTest.nanos(r);
        Map<String, String> span = new LinkedHashMap<>();
        span.put("traceId", Hostile.quote(HEX.formatHex(Hostile.randomBytes(r, r.bad(8) ? 20 : 0))
                + (!r.bad(8) ? "0123456789abcdef0123456789abcdef" : "")));
        span.put("spanId", Hostile.quote(!r.bad(10) ? "0123456789abcdef" : Hostile.anyText(r, 16)));
        span.put("name", Hostile.quote("call"));
        span.put("kind", !r.bad(4) ? "3" : Hostile.pick(r, List.of("2", "\"SPAN_KIND_CLIENT\"", "\"CLIENT\"",
                "\"SERVER\"", "99", "-1", "3.5", "null", "\"x\"")));
        span.put("startTimeUnixNano", time(r, start));
        span.put("endTimeUnixNano", time(r, end));
        StringBuilder attributes = new StringBuilder("[");
        if (r.nextInt(4) > 0) {
            attributes.append(keyValue(r, Hostile.pick(r, OtlpFuzzTest.KEYS.subList(0, 3)),
                    "{\"stringValue\":" + Hostile.quote(Hostile.name(r)) + "}"));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            attributes.append(attributes.length() > 1 ? "," : "").append(attribute(r));
        }
        span.put("attributes", attributes.append(']').toString());
        span.put("status", "{\"code\":" + (!r.bad(4) ? Hostile.pick(r, List.of("0", "1", "2", "\"STATUS_CODE_ERROR\""))
                : Hostile.pick(r, List.of("7", "\"nope\"", "1.5", "[]"))) + "}");
        return hostile(r, span);
    }

    private static String time(Hostility r, long nanos) {
        if (!r.bad(1)) {
            // OTLP/JSON refuses a whole request for one negative time: a well-formed one has none
            return Hostile.quote(Long.toString(nanos < 0 ? OtlpFuzzTest.T0 : nanos));
        }
        return switch (r.nextInt(6)) {
            case 0 -> Long.toString(nanos);
            case 1 -> Hostile.pick(r, Hostile.NUMBERS);
            case 2 -> Hostile.quote(Long.toUnsignedString(nanos));
            default -> Hostile.quote(Long.toString(nanos));
        };
    }

    private static String attribute(Hostility r) {
        String value = switch (r.bad(1) ? r.nextInt(9) : 2) {
            case 0 -> "{\"stringValue\":" + Hostile.anyValue(r) + "}";
            case 1 -> "{\"intValue\":" + Hostile.pick(r, Hostile.NUMBERS) + "}";
            case 2 -> "{\"intValue\":\"" + (r.nextInt(700) - 100) + "\"}";
            case 3 -> "{\"doubleValue\":" + Hostile.pick(r, Hostile.NUMBERS) + "}";
            case 4 -> "{\"boolValue\":" + Hostile.anyValue(r) + "}";
            case 5 -> "{\"bytesValue\":" + Hostile.quote(Hostile.anyText(r, 12)) + "}";
            case 6 -> {
                int depth = r.nextInt(10) == 0 ? r.nextInt(400) : r.nextInt(4);
                yield "{\"arrayValue\":{\"values\":[".repeat(depth + 1) + "{\"intValue\":1}" + "]}}".repeat(depth + 1);
            }
            case 7 -> "{\"kvlistValue\":{\"values\":[" + keyValue(r, "k", "{\"intValue\":2}") + "]}}";
            default -> Hostile.anyValue(r);
        };
        return keyValue(r, Hostile.pick(r, OtlpFuzzTest.KEYS), value);
    }

    private static String keyValue(Hostility r, String key, String value) {
        return "{\"key\":" + (r.bad(30) ? Hostile.anyValue(r) : Hostile.quote(key)) + ",\"value\":" + value
                + "}";
    }
}
