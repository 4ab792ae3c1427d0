package io.difyops.load;

import io.difyops.diag.Position;
import io.difyops.diag.Findings;
import io.difyops.diag.Severity;
import io.difyops.load.InputLimit;
import io.difyops.load.YamlDuplicateKey;
import io.difyops.load.YamlSyntax;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a YAML or JSON stream into documents of Jackson nodes, each with a pointer-to-position map.
 *
 * <p>It works on snakeyaml-engine's event stream rather than its recursive composer, so that depth,
 * alias expansion and duplicate keys are checked as the events arrive, with no recursion and no
 * second pass. Scalars are typed with the YAML 1.2 core schema; merge keys ({@code <<}) are applied.
 */
public final class YamlReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ScalarResolver RESOLVER = new CoreSchema().getScalarResolver();

    private final Limits limits;
    private final boolean strict;
    private final boolean lazyMaps;

    public YamlReader(Limits limits, boolean strict) {
        this(limits, strict, false);
    }

    /**
     * @param lazyMaps record only where each document starts; a question about any other place re-reads the
     *                 file once (for the loader: most documents are never asked)
     */
    public YamlReader(Limits limits, boolean strict, boolean lazyMaps) {
        this.limits = limits;
        this.strict = strict;
        this.lazyMaps = lazyMaps;
    }

    /** The file read again with every place recorded, once, for the lazy maps of its documents. */
    private final class Reread {
        private final String file;
        private final String text;
        private List<SourceMap> maps;

        Reread(String file, String text) {
            this.file = file;
            this.text = text;
        }

        synchronized SourceMap map(int at) {
            if (maps == null) {
                maps = new YamlReader(limits, strict, false).read(file, text, new Findings()).stream().map(YamlDocument::map).toList();
            }
            return at < maps.size() ? maps.get(at) : new SourceMap(Position.START);
        }
    }

    /** Parses {@code text}; problems go to {@code out}. Documents read before a syntax error are kept. */
    public List<YamlDocument> read(String file, String text, Findings out) {
        // The reader's window sized to the input: with the default (1,024) snakeyaml-engine copies its window
        // for every chunk it reads, so a long scalar costs quadratic time (10 M characters: a minute).
        LoadSettings settings = LoadSettings.builder().setLabel(file).setBufferSize(Math.max(1024, text.length() + 1))
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes() + 1)).build();
        Builder b = new Builder(file, out, lazyMaps ? new Reread(file, text) : null);
        try {
            for (Event e : new Parse(settings).parseString(text)) {
                b.on(e);
            }
        } catch (MarkedYamlEngineException e) {
            Position p = e.getProblemMark().or(e::getContextMark).map(YamlReader::pos).orElse(Position.START);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            if (e.getContext() != null && !e.getContext().isBlank()) {
                problem = e.getContext() + ": " + problem;
            }
            out.reportAt(YamlSyntax.class, file, p, "", "YAML syntax error: " + oneLine(problem)
                    + ". Fix the document at this line; nothing after it in this file was checked.");
        } catch (Abort a) {
            // already reported
        } catch (YamlEngineException e) {
            out.reportAt(YamlSyntax.class, file, Position.START, "", "YAML could not be read: " + oneLine(e.getMessage()));
        }
        return b.docs;
    }

    /**
     * Keys and short string values shared across documents (`apiVersion`, `v1`, `ConfigMap`, a namespace…):
     * a large repository repeats a few thousand of them millions of times. Text nodes are immutable, so one
     * node serves every place. Bounded, so that unique values cannot grow it without end.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, JsonNode> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SHARED_MAX = 100_000;

    private static JsonNode text(String v) {
        if (v.length() > 40) {
            return NODES.stringNode(v);
        }
        JsonNode n = TEXTS.get(v);
        if (n == null) {
            n = NODES.stringNode(v);
            if (TEXTS.size() < SHARED_MAX) {
                JsonNode prior = TEXTS.putIfAbsent(v, n);
                n = prior != null ? prior : n;
            }
        }
        return n;
    }

    private static String shared(String key) {
        if (key.length() > 64) {
            return key;
        }
        String k = KEYS.get(key);
        if (k == null) {
            k = key;
            if (KEYS.size() < SHARED_MAX) {
                String prior = KEYS.putIfAbsent(key, key);
                k = prior != null ? prior : key;
            }
        }
        return k;
    }

    static Position pos(Mark m) {
        return new Position(m.getLine() + 1, m.getColumn() + 1);
    }

    private static Position pos(Optional<Mark> m) {
        return m.map(YamlReader::pos).orElse(Position.START);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Thrown to stop reading a file after a fatal finding was reported. */
    private static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    private abstract static class Frame {
        final String pointer;
        final Optional<Anchor> anchor;
        long size = 1;

        Frame(String pointer, Optional<Anchor> anchor) {
            this.pointer = pointer;
            this.anchor = anchor;
        }

        abstract JsonNode node();
    }

    private static final class MapFrame extends Frame {
        final ObjectNode node = NODES.objectNode();
        final Set<String> explicit = new HashSet<>();
        final List<JsonNode> merges = new ArrayList<>();
        String key;
        String keyPointer;
        Position keyPos;
        boolean mergeKey;

        MapFrame(String pointer, Optional<Anchor> anchor) {
            super(pointer, anchor);
        }

        @Override
        JsonNode node() {
            return node;
        }
    }

    private static final class SeqFrame extends Frame {
        final ArrayNode node = NODES.arrayNode();

        SeqFrame(String pointer, Optional<Anchor> anchor) {
            super(pointer, anchor);
        }

        @Override
        JsonNode node() {
            return node;
        }
    }

    private record Anchored(JsonNode node, long size) {
    }

    private final class Builder {
        final String file;
        final Findings out;
        final List<YamlDocument> docs = new ArrayList<>();
        final Deque<Frame> stack = new ArrayDeque<>();
        final Map<String, Anchored> anchors = new HashMap<>();
        SourceMap map;
        JsonNode root;
        long nodes;
        int index;

        final Reread reread;

        Builder(String file, Findings out, Reread reread) {
            this.file = file;
            this.out = out;
            this.reread = reread;
        }

        void on(Event e) {
            switch (e.getEventId()) {
                case DocumentStart -> {
                    int at = docs.size();
                    map = reread == null ? new SourceMap(pos(e.getStartMark())) : new SourceMap(pos(e.getStartMark()), () -> reread.map(at));
                    root = null;
                    anchors.clear();
                }
                case DocumentEnd -> {
                    if (root != null && !root.isNull()) {
                        docs.add(new YamlDocument(file, index, root, map));
                    }
                    index++;
                }
                case Scalar -> scalar((ScalarEvent) e);
                case Alias -> alias((AliasEvent) e);
                case MappingStart, SequenceStart -> start((CollectionStartEvent) e);
                case MappingEnd, SequenceEnd -> end();
                default -> {
                }
            }
        }

        /** The pointer the next value gets, and records the key's position for it. */
        String childPointer() {
            Frame top = stack.peek();
            if (top == null) {
                return "";
            }
            if (top instanceof SeqFrame s) {
                return s.pointer + "/" + s.node.size();
            }
            MapFrame m = (MapFrame) top;
            return m.mergeKey ? m.pointer + "/<<" : m.keyPointer;
        }

        boolean expectingKey() {
            return stack.peek() instanceof MapFrame m && m.key == null && !m.mergeKey;
        }

        void count(long n, Optional<Mark> at) {
            nodes += n;
            if (nodes > limits.maxNodes()) {
                out.reportAt(InputLimit.class, file, pos(at), "", "the file expands to more than " + limits.maxNodes()
                        + " YAML nodes (an alias bomb, or a file too large to validate); split it or remove the aliases");
                throw new Abort();
            }
        }

        void start(CollectionStartEvent e) {
            if (expectingKey()) {
                out.reportAt(YamlSyntax.class, file, pos(e.getStartMark()), stack.peek().pointer,
                        "a mapping key is itself a mapping or a sequence; Kubernetes manifests need string keys");
                throw new Abort();
            }
            if (stack.size() >= limits.maxDepth()) {
                out.reportAt(InputLimit.class, file, pos(e.getStartMark()), "", "nesting deeper than " + limits.maxDepth()
                        + " levels; no manifest needs this, so the file was not read further");
                throw new Abort();
            }
            count(1, e.getStartMark());
            String ptr = childPointer();
            map.value(ptr, pos(e.getStartMark()));
            stack.push(e.getEventId() == Event.ID.MappingStart ? new MapFrame(ptr, e.getAnchor()) : new SeqFrame(ptr, e.getAnchor()));
        }

        void end() {
            Frame f = stack.pop();
            if (f instanceof MapFrame m) {
                for (JsonNode merged : m.merges) {
                    applyMerge(m, merged);
                }
            }
            f.anchor.ifPresent(a -> anchors.put(a.getValue(), new Anchored(f.node(), f.size)));
            attach(f.node(), f.size);
        }

        void applyMerge(MapFrame m, JsonNode merged) {
            List<JsonNode> sources = new ArrayList<>();
            if (merged.isArray()) {
                merged.forEach(sources::add);
            } else {
                sources.add(merged);
            }
            for (JsonNode src : sources) {
                if (!src.isObject()) {
                    out.reportAt(YamlSyntax.class, file, map.find(m.pointer), m.pointer, "a merge key (<<) must name a mapping or a list of mappings");
                    continue;
                }
                for (var entry : src.properties()) {
                    if (!m.explicit.contains(entry.getKey()) && !m.node.has(entry.getKey())) {
                        m.node.set(entry.getKey(), entry.getValue());
                    }
                }
            }
        }

        void scalar(ScalarEvent e) {
            Position p = pos(e.getStartMark());
            if (expectingKey()) {
                MapFrame m = (MapFrame) stack.peek();
                String key = e.getValue();
                if (e.isPlain() && "<<".equals(key)) {
                    m.mergeKey = true;
                    return;
                }
                if (m.explicit.contains(key)) {
                    Severity sev = strict ? Severity.ERROR : Severity.WARNING;
                    out.reportAt(YamlDuplicateKey.class, sev, file, p, m.pointer + "/" + SourceMap.escape(key),
                            "key \"" + key + "\" is already set in this mapping; YAML tools disagree on which value wins, so keep one");
                }
                m.key = shared(key);
                m.keyPos = p;
                m.keyPointer = m.pointer + "/" + SourceMap.escape(key);
                m.explicit.add(key);
                map.key(m.keyPointer, p);
                return;
            }
            count(1, e.getStartMark());
            JsonNode value = typed(e, p);
            String ptr = childPointer();
            map.value(ptr, p);
            if (e.getStartMark().isPresent() && e.getEndMark().isPresent()) {
                char quote = e.isDQuoted() ? '"' : e.isSQuoted() ? '\'' : e.isPlain() ? ' ' : '|';
                map.scalar(ptr, new SourceMap.Span(e.getStartMark().get().getIndex(), e.getEndMark().get().getIndex(), quote));
            }
            e.getAnchor().ifPresent(a -> anchors.put(a.getValue(), new Anchored(value, 1)));
            attach(value, 1);
        }

        void alias(AliasEvent e) {
            String name = e.getAlias().getValue();
            Anchored a = anchors.get(name);
            if (a == null) {
                out.reportAt(YamlSyntax.class, file, pos(e.getStartMark()), "", "alias *" + name + " names no anchor defined before it");
                throw new Abort();
            }
            if (expectingKey()) {
                if (!a.node.isValueNode()) {
                    out.reportAt(YamlSyntax.class, file, pos(e.getStartMark()), "", "an alias used as a key must name a scalar");
                    throw new Abort();
                }
                MapFrame m = (MapFrame) stack.peek();
                m.key = a.node.asString("");
                m.keyPos = pos(e.getStartMark());
                m.keyPointer = m.pointer + "/" + SourceMap.escape(m.key);
                m.explicit.add(m.key);
                map.key(m.keyPointer, m.keyPos);
                return;
            }
            count(a.size, e.getStartMark());
            map.value(childPointer(), pos(e.getStartMark()));
            attach(a.node, a.size);
        }

        void attach(JsonNode value, long size) {
            Frame top = stack.peek();
            if (top == null) {
                root = value;
                return;
            }
            top.size += size;
            if (top instanceof SeqFrame s) {
                s.node.add(value);
            } else {
                MapFrame m = (MapFrame) top;
                if (m.mergeKey) {
                    m.merges.add(value);
                    m.mergeKey = false;
                } else {
                    m.node.set(m.key, value);
                    m.key = null;
                }
            }
        }

        JsonNode typed(ScalarEvent e, Position p) {
            String v = e.getValue();
            Optional<String> tag = e.getTag();
            Tag t;
            if (tag.isPresent() && !"!".equals(tag.get())) {
                t = new Tag(tag.get());
            } else if (e.isPlain() && e.getImplicit().canOmitTagInPlainScalar()) {
                t = RESOLVER.resolve(v, true);
            } else {
                t = Tag.STR;
            }
            try {
                if (Tag.NULL.equals(t)) {
                    return NODES.nullNode();
                }
                if (Tag.BOOL.equals(t)) {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new NumberFormatException();
                    }
                    return NODES.booleanNode(v.equalsIgnoreCase("true"));
                }
                if (Tag.INT.equals(t)) {
                    return integer(v);
                }
                if (Tag.FLOAT.equals(t)) {
                    return NODES.numberNode(floating(v));
                }
            } catch (NumberFormatException ex) {
                // the value is not repeated: it may be a secret (password: !!int S3cret)
                out.reportAt(YamlSyntax.class, file, p, "", "this scalar is tagged " + t.getValue().replace("tag:yaml.org,2002:", "!!")
                        + " but its value is not one; drop the tag or fix the value");
            }
            return text(v);
        }
    }

    static JsonNode integer(String raw) {
        String v = raw.replace("_", "");
        boolean neg = v.startsWith("-");
        if (v.startsWith("-") || v.startsWith("+")) {
            v = v.substring(1);
        }
        int radix = 10;
        if (v.startsWith("0o")) {
            radix = 8;
            v = v.substring(2);
        } else if (v.startsWith("0x")) {
            radix = 16;
            v = v.substring(2);
        }
        BigInteger n = new BigInteger(v, radix);
        if (neg) {
            n = n.negate();
        }
        return n.bitLength() < 64 ? NODES.numberNode(n.longValue()) : NODES.numberNode(n);
    }

    static double floating(String raw) {
        String v = raw.toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }
}
