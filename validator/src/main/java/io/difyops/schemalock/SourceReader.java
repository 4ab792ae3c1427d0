package io.difyops.schemalock;

import io.difyops.load.Gvk;
import io.difyops.schema.CrdConverter;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads what one pinned source yields: upstream over the network, or from local folders ({@code --from}). */
public interface SourceReader {
    /** A definition a source yields: a CRD (or XRD) version, or a complete JSON Schema of a core kind. */
    sealed interface Definition permits Crd, JsonSchema {
        Gvk gvk();
    }

    record Crd(CrdConverter.Version version) implements Definition {
        @Override
        public Gvk gvk() {
            return new Gvk(version.group(), version.version(), version.kind());
        }
    }

    record JsonSchema(Gvk gvk, JsonNode schema) implements Definition {
    }

    /** What was read, what it defines, the packages it depends on, and a remark for the lock (or empty). */
    record Yield(List<SchemaLock.Read> reads, List<Definition> definitions, List<Pin> dependencies, String note) {
    }

    Yield read(Pin pin) throws LockException;
}
