package io.incidentdetector.sink.alertmanager;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sink's state, one alert per entry, in a versioned binary form: a new version must keep reading the old ones,
 * or savepoints taken before it cannot be restored.
 */
public final class AlertSerializer implements SimpleVersionedSerializer<Alert> {

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(Alert alert) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(512);
        writeString(out, alert.incidentId());
        writeMap(out, alert.labels());
        writeMap(out, alert.annotations());
        writeInstant(out, alert.startsAt());
        writeInstant(out, alert.endsAt());
        writeInstant(out, alert.keepUntil());
        return out.getCopyOfBuffer();
    }

    @Override
    public Alert deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown version " + version + " of the Alertmanager sink's state (this job reads"
                    + " version " + VERSION + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String incidentId = readString(in);
        TreeMap<String, String> labels = new TreeMap<>(readMap(in));
        Map<String, String> annotations = readMap(in);
        return new Alert(incidentId, labels, annotations, readInstant(in), readInstant(in), readInstant(in));
    }

    private static void writeString(DataOutputSerializer out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputDeserializer in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeMap(DataOutputSerializer out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputDeserializer in) throws IOException {
        int size = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeInstant(DataOutputSerializer out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    private static Instant readInstant(DataInputDeserializer in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
