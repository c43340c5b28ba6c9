package io.incidentdetector.canary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything one canary comparison remembers between seconds (a Flink POJO kept in keyed state). */
public class CanaryState {
    /** Start of the open bin, epoch ms; null before the first second. */
    public Long binStart;
    public long origin;
    public long finishedBins;
    public FinishedBin open = new FinishedBin();
    /** The last finished bins, oldest first, as many as the longest window needs. */
    public List<FinishedBin> recent = new ArrayList<>();
    /** Codes seen so far (value unused; a map because Flink serializes maps natively). */
    public Map<Integer, Boolean> codes = new HashMap<>();
    /** Alerts that hold, as {@code code/window}. */
    public Map<String, Boolean> active = new HashMap<>();
    /** Seed-compatible: the latest second, not applied until a later second arrives (null before the first). */
    public Long heldSecond;
    public List<SecondCount> heldCounts = new ArrayList<>();

    public CanaryState() {}
}
