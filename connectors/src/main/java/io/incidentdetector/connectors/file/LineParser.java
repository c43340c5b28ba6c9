package io.incidentdetector.connectors.file;

import java.io.Serializable;

/**
 * Parses one text line into a record. Throws {@link InvalidRecordException} with a reason a person can act
 * on when the line is not a valid record; the reader turns that into a dead letter instead of failing.
 */
@FunctionalInterface
public interface LineParser<T> extends Serializable {

    T parse(String line) throws InvalidRecordException;

    /**
     * Parses a record given as bytes (a Kafka record's value): by default as UTF-8 text without surrounding white
     * space. A parser that can read the bytes straight into the record overrides this.
     */
    default T parse(byte[] utf8) throws InvalidRecordException {
        return parse(Utf8Text.strict(utf8).strip());
    }

    /** True when the first line of every file is a header, to be given to {@link #withHeader}. */
    default boolean expectsHeader() {
        return false;
    }

    /**
     * The parser for the rest of a file, configured from its header line (separator, column order). Throws when
     * the header is unusable; every line of the file then becomes a dead letter with that reason.
     */
    default LineParser<T> withHeader(String header) throws InvalidRecordException {
        return this;
    }
}
