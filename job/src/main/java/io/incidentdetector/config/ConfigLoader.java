package io.incidentdetector.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads a job configuration from a YAML file (or the copy bundled under {@code jobs-config/} on the classpath),
 * rejects unknown keys and bad values naming the key, then validates it as a whole ({@link #validate}, which a run
 * plan uses too).
 */
public final class ConfigLoader {

    /** The configuration used when none is given: {@code jobs-config/local.yaml}. */
    public static final String DEFAULT_CONFIG = "local.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule()
                    .addDeserializer(Duration.class, new TextDeserializer<>(TimeUtils::parseDuration,
                            "a duration such as 10s, 500ms, 1min or 2h"))
                    .addDeserializer(MemorySize.class, new TextDeserializer<>(MemorySize::parse,
                            "a size such as 64kb, 1mb or 512 bytes"))
                    .setDeserializerModifier(new ChoiceDeserializers()))
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {}

    /**
     * Loads a file path, or a name bundled under {@code jobs-config/} when no such file exists, and validates it;
     * {@code scenarioNames} are the scenarios {@code scenario.name} may name.
     */
    public static LoadedConfig load(String pathOrBundledName, Set<String> scenarioNames) {
        return validate(read(pathOrBundledName), scenarioNames);
    }

    /**
     * Reads a file path, or a name bundled under {@code jobs-config/}, rejecting unknown keys and values of the wrong
     * type, but does not validate the whole: a run plan applies the command line first and then validates once.
     */
    public static LoadedConfig read(String pathOrBundledName) {
        Path path = Path.of(pathOrBundledName);
        if (Files.isRegularFile(path)) {
            return readFile(path);
        }
        String resource = ConfigLocation.BUNDLED_ROOT + pathOrBundledName;
        if (ConfigLoader.class.getClassLoader().getResource(resource) != null) {
            return readBundled(pathOrBundledName);
        }
        throw new ConfigException(pathOrBundledName, List.of(
                "no such file, and no bundled configuration of that name. Fix: pass --config with the path of a"
                        + " YAML file, or a bundled name such as " + DEFAULT_CONFIG));
    }

    private static LoadedConfig readFile(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return new LoadedConfig(parse(in, path.toString()), ConfigLocation.file(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException(path.toString(), List.of("file not found"));
        } catch (IOException e) {
            throw new ConfigException(path.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    private static LoadedConfig readBundled(String name) {
        ConfigLocation location = ConfigLocation.bundled(name);
        try (InputStream in = location.open(name)) {
            return new LoadedConfig(parse(in, "jobs-config/" + name), location);
        } catch (IOException e) {
            throw new ConfigException("jobs-config/" + name, List.of("cannot read: " + e.getMessage()));
        }
    }

    /** Parses YAML text; visible for tests. */
    public static JobConfig parse(String yaml, String origin) {
        try {
            return parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), origin);
        } catch (IOException e) {
            throw new ConfigException(origin, List.of(e.getMessage()));
        }
    }

    private static JobConfig parse(InputStream in, String origin) throws IOException {
        try {
            JobConfig config = YAML.readValue(in, JobConfig.class);
            return config == null ? JobConfig.defaults() : config;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(origin, List.of("unknown key '" + keyOf(e) + "'. Fix: remove it or use one of: "
                    + known));
        } catch (JsonMappingException e) {
            String reason = e.getCause() instanceof IllegalArgumentException choice && choice.getMessage() != null
                    && choice.getMessage().contains("Fix:") ? choice.getMessage() : e.getOriginalMessage()
                    + ". Fix: see docs/configuration.md for the expected type";
            throw new ConfigException(origin, List.of("bad value for '" + keyOf(e) + "': " + reason));
        } catch (JsonProcessingException e) {
            throw new ConfigException(origin, List.of("not valid YAML: " + e.getOriginalMessage()
                    + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")"));
        }
    }

    /**
     * Checks the whole configuration, {@code scenario.name} against {@code scenarioNames}; every problem is reported
     * at once, each naming its key and the fix.
     */
    public static LoadedConfig validate(LoadedConfig loaded, Set<String> scenarioNames) {
        List<String> problems = loaded.config().problems(loaded.location(), scenarioNames);
        if (!problems.isEmpty()) {
            throw new ConfigException(loaded.location().origin(), problems);
        }
        return loaded;
    }

    static String keyOf(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    /** Every {@link Choice} is read by its key, and an unknown one is refused naming the valid keys. */
    static final class ChoiceDeserializers extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                BeanDescription description, JsonDeserializer<?> deserializer) {
            return Choice.class.isAssignableFrom(type.getRawClass()) ? new ChoiceDeserializer(type.getRawClass())
                    : deserializer;
        }
    }

    private static final class ChoiceDeserializer extends JsonDeserializer<Object> {
        private final Class<?> type;

        ChoiceDeserializer(Class<?> type) {
            this.type = type;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Choice.of((Class) type, p.getValueAsString());
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }

    /**
     * A value written as text in Flink's notation: durations ({@code 10s}, {@code 500 ms}, {@code 1 min}, {@code 2h})
     * and sizes ({@code 64kb}, {@code 1mb}, {@code 512 bytes}; a bare number is bytes).
     */
    static final class TextDeserializer<T> extends JsonDeserializer<T> {
        private final Function<String, T> parse;
        private final String expected;

        TextDeserializer(Function<String, T> parse, String expected) {
            this.parse = parse;
            this.expected = expected;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (RuntimeException e) {
                throw JsonMappingException.from(p, "'" + text + "' is not " + expected);
            }
        }
    }
}
