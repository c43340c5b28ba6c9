package io.incidentdetector.connectors.file;

/** A record that cannot be accepted; the message is the dead-letter reason. */
public class InvalidRecordException extends Exception {

    public InvalidRecordException(String reason) {
        super(reason);
    }
}
