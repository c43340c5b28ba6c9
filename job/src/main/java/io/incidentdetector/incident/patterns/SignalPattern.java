package io.incidentdetector.incident.patterns;

import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;

import java.io.Serializable;

/** A named CEP pattern together with what a match of it means. */
public interface SignalPattern<IN, OUT> extends Serializable {

    String name();

    Pattern<IN, ?> pattern();

    PatternProcessFunction<IN, OUT> toSignal();
}
