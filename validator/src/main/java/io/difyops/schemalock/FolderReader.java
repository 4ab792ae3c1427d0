package io.difyops.schemalock;

import io.difyops.load.Gvk;
import io.difyops.load.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sources read from local folders of CRDs and JSON Schemas ({@code difyops schemas lock --from DIR}):
 * air-gapped sites, mirrors, and CI here with the reference CRDs. Each CRD is given to the pinned
 * source that serves its API group ({@link ApiGroups}); core Kubernetes kinds come from JSON Schemas
 * named as kubeconform names them ({@code namespace-v1.json}, {@code deployment-apps-v1.json}).
 *
 * <p>A folder whose name ends in {@code -v<version>} (say {@code flux-v2.7}) holds that version of
 * its sources: it is used only for a pin of that version, and then before unversioned folders.
 */
final class FolderReader implements SourceReader {
    private static final Pattern VERSIONED = Pattern.compile(".*-v(\\d+(?:\\.\\d+)*)");

    /** One definition found in a file (for JSON Schemas, read when chosen: {@code definition} is null). */
    private record Found(Definition definition, String url, String sha256, String versionTag, Path path) {
    }

    private final List<Found> crds = new ArrayList<>();
    private final Map<String, List<Found>> jsonByName = new LinkedHashMap<>();

    FolderReader(List<Path> dirs) throws LockException {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new LockException("--from " + dir + " is not a directory", false);
            }
            String label = dir.toAbsolutePath().normalize().getFileName().toString();
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new LockException("cannot read " + dir + ": " + e.getMessage(), false);
            }
            for (Path p : files) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                String tag = versionTag(rel);
                try {
                    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        byte[] bytes = Files.readAllBytes(p);
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        if (!CrdTexts.mentionsDefinition(text)) {
                            continue;
                        }
                        String url = "from:" + label + "/" + rel;
                        for (Definition d : CrdTexts.definitions(url, text)) {
                            crds.add(new Found(d, url, SchemaLock.sha256(bytes), tag, p));
                        }
                    } else if (name.endsWith(".json")) {
                        jsonByName.computeIfAbsent(name, k -> new ArrayList<>())
                                .add(new Found(null, "from:" + label + "/" + rel, "", tag, p));
                    }
                } catch (IOException | RuntimeException e) {
                    throw new LockException("cannot read " + p + ": " + e.getMessage(), false);
                }
            }
        }
    }

    /** The version in the nearest {@code -v<version>} folder of a relative path, or null. */
    private static String versionTag(String rel) {
        String[] parts = rel.split("/");
        for (int i = parts.length - 2; i >= 0; i--) {
            Matcher m = VERSIONED.matcher(parts[i]);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static boolean tagFits(String tag, String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        return v.equals(tag) || v.startsWith(tag + ".");
    }

    @Override
    public Yield read(Pin pin) throws LockException {
        return pin.type() == Pin.Type.KUBERNETES ? kubernetes(pin) : definitions(pin);
    }

    private Yield definitions(Pin pin) {
        // For each kind: a definition from a folder tagged with the pin's version, else an untagged one.
        Map<Gvk, Found> chosen = new LinkedHashMap<>();
        for (boolean tagged : new boolean[] {true, false}) {
            for (Found f : crds) {
                boolean fits = tagged ? f.versionTag() != null && tagFits(f.versionTag(), pin.version()) : f.versionTag() == null;
                if (fits && ApiGroups.owns(pin, f.definition().gvk().group())) {
                    chosen.putIfAbsent(f.definition().gvk(), f);
                }
            }
        }
        Map<String, SchemaLock.Read> reads = new TreeMap<>();
        List<Definition> defs = new ArrayList<>();
        for (Found f : chosen.values()) {
            reads.putIfAbsent(f.url(), new SchemaLock.Read(f.url(), f.sha256()));
            defs.add(f.definition());
        }
        List<Pin> deps = new ArrayList<>();
        String family = ApiGroups.familyOf(pin);
        if (family != null) {
            deps.add(Pin.dependency(family, pin.version(), pin));
        }
        String note = defs.isEmpty() ? "no CRD of this source in the --from folders" : "";
        return new Yield(List.copyOf(reads.values()), defs, deps, note);
    }

    private Yield kubernetes(Pin pin) throws LockException {
        List<SchemaLock.Read> reads = new ArrayList<>();
        List<Definition> defs = new ArrayList<>();
        for (String k : pin.kinds()) {
            Gvk gvk = Pins.gvkOf(k);
            String file = UpstreamReader.kubeconformName(gvk);
            Found f = null;
            for (Found c : jsonByName.getOrDefault(file, List.of())) {
                if (c.versionTag() == null || tagFits(c.versionTag(), pin.version())) {
                    f = c;
                    break;
                }
            }
            if (f == null) {
                throw new LockException("Kubernetes " + pin.version() + ": no JSON Schema " + file + " for " + k
                        + " in the --from folders (give a folder of kubeconform-named schemas)", true);
            }
            try {
                byte[] bytes = Files.readAllBytes(f.path());
                reads.add(new SchemaLock.Read(f.url(), SchemaLock.sha256(bytes)));
                defs.add(new JsonSchema(gvk, Json.parse(new String(bytes, StandardCharsets.UTF_8))));
            } catch (IOException | RuntimeException e) {
                throw new LockException("cannot read " + f.url() + ": " + e.getMessage(), false);
            }
        }
        return new Yield(reads, defs, List.of(), "");
    }
}
