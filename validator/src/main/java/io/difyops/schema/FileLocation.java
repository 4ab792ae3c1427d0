package io.difyops.schema;

import io.difyops.load.Gvk;
import java.nio.file.Path;

/**
 * A single JSON Schema file given as a location. As in kubeconform, a location without template
 * variables names the schema for every kind.
 */
public final class FileLocation implements SchemaLocation {
    private final Path file;

    public FileLocation(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public SchemaSource find(Gvk gvk, boolean strict) {
        return new SchemaSource(null, file.toUri().toString(), file.toString());
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
