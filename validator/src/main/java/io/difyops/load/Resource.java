package io.difyops.load;

import java.util.List;

import io.difyops.diag.Located;
import io.difyops.diag.Position;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Kubernetes object, as written in a file or as rendered by kustomize. Positions always point
 * into a file a person can open: for a rendered object that came unchanged (or patched) from a file,
 * that file.
 */
public final class Resource implements Located {
    /** Where the object comes from. */
    public enum Origin { FILE, RENDERED, PATCH }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final YamlDocument doc;
    private final String base;
    private final ObjectNode node;
    private final Gvk gvk;
    private final Origin origin;
    private final String renderedBy;
    private GenericKubernetesResource generic;
    private List<YamlDocument> layers = List.of();

    public Resource(YamlDocument doc, String base, ObjectNode node, Gvk gvk, Origin origin, String renderedBy) {
        this.doc = doc;
        this.base = base;
        this.node = node;
        this.gvk = gvk;
        this.origin = origin;
        this.renderedBy = renderedBy;
    }

    public YamlDocument document() {
        return doc;
    }

    public ObjectNode node() {
        return node;
    }

    public Gvk gvk() {
        return gvk;
    }

    public String apiVersion() {
        return gvk.apiVersion();
    }

    public String kind() {
        return gvk.kind();
    }

    public Origin origin() {
        return origin;
    }

    /** Directory of the kustomization that rendered it, or null. */
    public String renderedBy() {
        return renderedBy;
    }

    public String name() {
        return text(node.path("metadata").path("name"));
    }

    public String generateName() {
        return text(node.path("metadata").path("generateName"));
    }

    public String namespace() {
        return text(node.path("metadata").path("namespace"));
    }

    private static String text(JsonNode n) {
        return n.isString() ? n.asString("") : "";
    }

    /** The fabric8 view of this object; null when its metadata has the wrong shape. */
    public GenericKubernetesResource generic() {
        if (generic == null) {
            try {
                generic = SERIALIZATION.convertValue(node, GenericKubernetesResource.class);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return generic;
    }

    @Override
    public String file() {
        return doc.file();
    }

    /**
     * For a rendered object: the other files it was made from (the base a patch applies to), in
     * order. A field that its own file does not set is found, with its line, in the first of them
     * that does.
     */
    public void layers(List<YamlDocument> others) {
        this.layers = List.copyOf(others);
    }

    /** The document (and the pointer in it) that holds a field of this object. */
    private record Holder(YamlDocument doc, String pointer) {
    }

    private Holder holder(String pointer) {
        if (layers.isEmpty() || doc.map().has(base + pointer)) {
            return new Holder(doc, base + pointer);
        }
        for (YamlDocument l : layers) {
            String p = remap(pointer, l);
            if (l.map().has(p)) {
                return new Holder(l, p);
            }
        }
        return new Holder(doc, base + pointer);
    }

    /**
     * A patch may insert list items, so the rendered index of an item is not its index in the file
     * it comes from: the item is looked up there by its value.
     */
    private String remap(String pointer, YamlDocument layer) {
        String[] parts = pointer.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].matches("\\d+")) {
                continue;
            }
            String list = String.join("/", java.util.Arrays.copyOfRange(parts, 0, i));
            tools.jackson.databind.JsonNode item = node.at(list + "/" + parts[i]);
            tools.jackson.databind.JsonNode there = layer.root().at(list);
            for (int j = 0; there.isArray() && j < there.size(); j++) {
                if (there.get(j).equals(item)) {
                    parts[i] = Integer.toString(j);
                    return String.join("/", parts);
                }
            }
            return pointer;
        }
        return pointer;
    }

    @Override
    public String fileOf(String pointer) {
        return holder(pointer).doc().file();
    }

    @Override
    public Position positionOf(String pointer) {
        Holder h = holder(pointer);
        return h.doc().map().find(h.pointer());
    }

    @Override
    public String absolutePointer(String pointer) {
        return base + pointer;
    }

    /** e.g. {@code helm.toolkit.fluxcd.io/v2/HelmRelease flux-system/ack-dify}. */
    @Override
    public String identity() {
        String n = name().isEmpty() ? (generateName().isEmpty() ? "#" + (doc.index() + 1) : generateName() + "*") : name();
        return gvk + " " + (namespace().isEmpty() ? n : namespace() + "/" + n);
    }

    @Override
    public String toString() {
        return identity() + " (" + file() + ")";
    }
}
