package io.difyops.schema;

import io.difyops.load.Gvk;

/** One place schemas come from: a directory, a file, or a (local or remote) URL template. */
public interface SchemaLocation {
    /** A schema for the kind, or null when this location has none. */
    SchemaSource find(Gvk gvk, boolean strict) throws UnreachableException;

    String describe();

    /** This location could not be asked (network down, or {@code --offline}). */
    final class UnreachableException extends Exception {
        public UnreachableException(String message) {
            super(message, null, false, false);
        }
    }
}
