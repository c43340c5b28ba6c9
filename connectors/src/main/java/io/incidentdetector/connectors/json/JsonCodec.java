package io.incidentdetector.connectors.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one place where the JSON dialect of every record the job reads or writes is decided:
 * ISO-8601 instants, no unknown-field failures on input, nulls omitted on output.
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = newMapper();

    private JsonCodec() {}

    /** A shared, thread-safe mapper; configure a copy with {@link #newMapper()} if you need to change it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
