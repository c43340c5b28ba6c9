package io.incidentdetector.window;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/** Tells Flink's type extraction to use {@link LatencySketchSerializer} for {@link LatencySketch}. */
public final class LatencySketchTypeInfoFactory extends TypeInfoFactory<LatencySketch> {

    @Override
    public TypeInformation<LatencySketch> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new SketchTypeInfo();
    }

    static final class SketchTypeInfo extends TypeInformation<LatencySketch> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<LatencySketch> getTypeClass() {
            return LatencySketch.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<LatencySketch> createSerializer(SerializerConfig config) {
            return LatencySketchSerializer.INSTANCE;
        }

        @Override
        public String toString() {
            return "LatencySketch(DDSketch)";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof SketchTypeInfo;
        }

        @Override
        public int hashCode() {
            return SketchTypeInfo.class.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof SketchTypeInfo;
        }
    }
}
