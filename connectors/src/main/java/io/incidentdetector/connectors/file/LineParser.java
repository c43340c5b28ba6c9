package io.incidentdetector.connectors.file;

import java.io.Serializable;

/**
 * Parses one text line into a record. Throws {@link InvalidRecordException} with a reason a person can act
 * on when the line is not a valid record; the reader turns that into a dead letter instead of failing.
 */
@FunctionalInterface
public interface LineParser<T> extends Serializable {

    T parse(String line) throws InvalidRecordException;
}
