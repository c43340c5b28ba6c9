package io.incidentdetector.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a configuration came from, so that the files it names (training data) resolve relative to it: next to
 * the YAML file on disk, or inside the bundled {@code jobs-config/} on the classpath. Absolute paths are used
 * as they are.
 */
public final class ConfigLocation implements Serializable {

    static final String BUNDLED_ROOT = "jobs-config/";

    private final String directory;
    private final String origin;

    private ConfigLocation(String directory, String origin) {
        this.directory = directory;
        this.origin = origin;
    }

    public static ConfigLocation file(Path configFile) {
        Path parent = configFile.toAbsolutePath().getParent();
        return new ConfigLocation(parent.toString(), configFile.toString());
    }

    public static ConfigLocation bundled(String name) {
        return new ConfigLocation(null, "bundled jobs-config/" + name);
    }

    /** The configuration itself, for error messages: its file path or bundled name. */
    public String origin() {
        return origin;
    }

    public boolean isBundled() {
        return directory == null;
    }

    /** The folder that relative paths in the configuration resolve against. */
    public String describe() {
        return isBundled() ? "bundled jobs-config/" : directory;
    }

    public boolean exists(String relative) {
        Path path = Path.of(relative);
        if (path.isAbsolute() || !isBundled()) {
            return Files.isReadable(resolve(path));
        }
        return ConfigLocation.class.getClassLoader().getResource(BUNDLED_ROOT + relative) != null;
    }

    public InputStream open(String relative) throws IOException {
        Path path = Path.of(relative);
        if (path.isAbsolute() || !isBundled()) {
            return Files.newInputStream(resolve(path));
        }
        InputStream in = ConfigLocation.class.getClassLoader().getResourceAsStream(BUNDLED_ROOT + relative);
        if (in == null) {
            throw new NoSuchFileException(BUNDLED_ROOT + relative);
        }
        return in;
    }

    private Path resolve(Path path) {
        return path.isAbsolute() ? path : Path.of(directory).resolve(path);
    }
}
