package io.incidentdetector.event;

import java.util.Comparator;

/** Orders build versions such as {@code 5.0007.510.011} by their numeric dot-separated parts. */
public final class BuildVersion {

    /** Numeric parts compared as numbers, other parts as text; a version with more parts is newer. */
    public static final Comparator<String> ORDER = BuildVersion::compare;

    private BuildVersion() {}

    public static int compare(String a, String b) {
        String[] x = a.split("[.\\-_]");
        String[] y = b.split("[.\\-_]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            if (x[i].matches("\\d+") && y[i].matches("\\d+")) {
                c = new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]));
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        int byLength = Integer.compare(x.length, y.length);
        // "5.1" and "5.01" are numerically equal but different builds: never equal unless the text is
        return byLength != 0 ? byLength : a.compareTo(b);
    }
}
