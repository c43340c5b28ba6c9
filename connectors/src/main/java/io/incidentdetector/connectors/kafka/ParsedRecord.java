package io.incidentdetector.connectors.kafka;

/**
 * One Kafka record after parsing: either {@code value} is set, or {@code error} says why it was rejected, with
 * the original bytes kept for the dead-letter topic. A record that was read but then {@link #refused} (e.g. for its
 * event time) keeps its value too, for whoever reports it; it is not valid. Keeping both in one type lets the source
 * assign timestamps and watermarks before the split into the main stream and the dead letters.
 */
public record ParsedRecord<T>(String topic, int partition, long offset, T value, String error, byte[] original) {

    public static <T> ParsedRecord<T> ok(String topic, int partition, long offset, T value) {
        return new ParsedRecord<>(topic, partition, offset, value, null, null);
    }

    public static <T> ParsedRecord<T> failed(String topic, int partition, long offset, byte[] original, String error) {
        return new ParsedRecord<>(topic, partition, offset, null, error, original);
    }

    public static <T> ParsedRecord<T> refused(String topic, int partition, long offset, T value, byte[] original,
            String error) {
        return new ParsedRecord<>(topic, partition, offset, value, error, original);
    }

    public boolean isValid() {
        return error == null;
    }
}
