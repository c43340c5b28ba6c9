package io.incidentdetector.connectors.prometheus;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.IOException;

/** {@link org.apache.flink.connector.file.src.FileSource} format streaming the samples of a query_range export. */
public final class QueryRangeFormat extends SimpleStreamFormat<QueryRangeSample> {

    private static final long serialVersionUID = 1L;

    @Override
    public StreamFormat.Reader<QueryRangeSample> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        QueryRangeParser parser = new QueryRangeParser(stream, "query_range file");
        return new StreamFormat.Reader<>() {
            @Override
            public QueryRangeSample read() throws IOException {
                return parser.next();
            }

            @Override
            public void close() throws IOException {
                parser.close();
            }
        };
    }

    @Override
    public TypeInformation<QueryRangeSample> getProducedType() {
        return TypeInformation.of(QueryRangeSample.class);
    }
}
