package io.difyops.schemalock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repository's schema lock as a run sees it: the lock (null when {@code schemas/lock.yaml} does
 * not exist), why it could not be read (or null), and the sha256 of every file under {@code schemas/}.
 */
public record LockState(SchemaLock lock, String error, Map<String, String> fileSha) {
    public static final LockState NONE = new LockState(null, null, Map.of());

    public static LockState read(Path root) {
        SchemaLock lock;
        try {
            lock = SchemaLock.readOrNull(root);
        } catch (IOException | RuntimeException e) {
            return new LockState(null, e.getMessage(), Map.of());
        }
        if (lock == null) {
            return NONE;
        }
        Map<String, String> sha = new LinkedHashMap<>();
        try {
            for (var e : SchemaLock.schemaFiles(root).entrySet()) {
                sha.put(e.getKey(), SchemaLock.sha256(Files.readAllBytes(e.getValue())));
            }
        } catch (IOException e) {
            return new LockState(lock, "schemas/ cannot be read: " + e.getMessage(), Map.of());
        }
        return new LockState(lock, null, sha);
    }
}
