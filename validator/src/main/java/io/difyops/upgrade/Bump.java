package io.difyops.upgrade;

import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartValues;
import io.difyops.load.SourceMap;
import io.difyops.load.YamlDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans an upgrade of one environment's dify release: the HelmRelease's chart version, and every
 * pinned image setting of its values moved to the target chart's repository and tag, keeping
 * mirror prefixes. The plan is a set of in-place scalar edits per file.
 */
public final class Bump {
    public static final String CHART_MIRROR = "g-hsod9681-docker.pkg.coding.net/dify-artifact/dify/";

    /** A file's text before and after. */
    public record Change(String file, String before, String after) {
    }

    private Bump() {
    }

    /**
     * @param release  the HelmRelease's file and document
     * @param values   the values files the release reads, in valuesFrom order
     * @param from     the current version's lock, if it exists (to follow repository renames)
     */
    public static List<Change> plan(String releaseFile, String releaseText, YamlDocument release, Map<String, String> valuesTexts,
                                    Map<String, YamlDocument> values, ChartLock from, ChartLock to, List<String> mirrors) {
        List<Change> out = new ArrayList<>();
        ScalarEdits hr = new ScalarEdits(releaseText);
        SourceMap.Span version = release.map().scalarSpan("/spec/chart/spec/version");
        if (version != null && !to.version().equals(release.root().at("/spec/chart/spec/version").asString(""))) {
            hr.set(version, to.version());
        }
        if (!hr.isEmpty()) {
            out.add(new Change(releaseFile, releaseText, hr.apply()));
        }
        for (Map.Entry<String, YamlDocument> e : new LinkedHashMap<>(values).entrySet()) {
            YamlDocument doc = e.getValue();
            ScalarEdits edits = new ScalarEdits(valuesTexts.get(e.getKey()));
            for (ChartValues.Image img : ChartValues.images(doc.root()).values()) {
                ChartValues.Image target = to.image(img.path());
                if (target == null) {
                    continue;
                }
                ChartValues.Image old = from == null ? null : from.image(img.path());
                String repo = mapRepository(img.repository(), old == null ? null : old.repository(), target.repository(), mirrors);
                String ptr = ChartValues.pointer(img.path());
                boolean floating = target.tag() == null || target.tag().isBlank() || target.tag().equals("latest");
                if (img.plain()) {
                    String tagTo = floating ? img.tag() : target.tag();   // a pinned helper stays pinned
                    String ref = tagTo == null ? repo : repo + ":" + tagTo;
                    if (!ref.equals(img.reference())) {
                        edits.set(doc.map().scalarSpan(ptr), ref);
                    }
                    continue;
                }
                SourceMap.Span tag = doc.map().scalarSpan(ptr + "/tag");
                if (tag != null && !floating && !target.tag().equals(img.tag())) {
                    edits.set(tag, target.tag());
                }
                SourceMap.Span repository = doc.map().scalarSpan(ptr + "/repository");
                if (repository != null && !repo.equals(img.repository())) {
                    edits.set(repository, repo);
                }
            }
            if (!edits.isEmpty()) {
                out.add(new Change(e.getKey(), valuesTexts.get(e.getKey()), edits.apply()));
            }
        }
        return out;
    }

    /** The repository an image moves to: the new default, or the same mirror of it. */
    static String mapRepository(String current, String oldDefault, String newDefault, List<String> mirrors) {
        if (current.equals(newDefault)) {
            return newDefault;
        }
        if (oldDefault == null || current.equals(oldDefault)) {
            return oldDefault == null ? current : newDefault;
        }
        String oldPath = ChartValues.pathOf(oldDefault);
        String newPath = ChartValues.pathOf(newDefault);
        if (current.equals(CHART_MIRROR + last(oldPath))) {
            return CHART_MIRROR + last(newPath);
        }
        for (String m : mirrors) {
            String prefix = m.endsWith("/") ? m : m + "/";
            if (current.equals(prefix + oldPath)) {
                return prefix + newPath;
            }
        }
        return current;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }


}
