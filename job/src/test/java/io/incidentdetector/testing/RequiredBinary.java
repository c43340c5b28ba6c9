package io.incidentdetector.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program a test runs for real (Prometheus, Alertmanager, ZooKeeper), found on the {@code PATH} or where its Debian
 * package puts it. In CI ({@code CI=true}) a missing one fails the test, because {@code .ci/run} installs it;
 * elsewhere the test is skipped with the reason.
 */
public final class RequiredBinary {

    private RequiredBinary() {}

    /**
     * The path of the first of {@code names} found on the {@code PATH}.
     *
     * @param debianPackage the package that brings it, named in the failure or skip message
     */
    public static String find(String debianPackage, String... names) {
        for (String name : names) {
            String path = onPath(name);
            if (path != null) {
                return path;
            }
        }
        return missing(String.join("/", names) + " is not installed (Debian package '" + debianPackage + "')");
    }

    /**
     * {@code path}, a file that {@code debianPackage} installs off the {@code PATH} (a jar, a script), when it is
     * there.
     */
    public static Path file(String debianPackage, Path path) {
        if (Files.isReadable(path)) {
            return path;
        }
        return missing(path + " is missing (Debian package '" + debianPackage + "')");
    }

    private static <T> T missing(String what) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(what + ", and CI must run this test: install it (.ci/run does)");
        }
        Assumptions.abort(what + "; .ci/run installs it: skipped");
        return null;
    }

    /** A loopback port free right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }
}
