package io.difyops.rules.upgrade;

import io.difyops.chart.ChartValues;
import io.difyops.load.SourceMap;
import java.util.ArrayList;
import java.util.List;

/** The image settings written in one values file, with the pointers of their tag and repository. */
final class ImageSettings {
    /** One setting: the image, and where its tag and repository are written. */
    record Setting(ChartValues.Image image, String tagPointer, String repositoryPointer) {
    }

    private ImageSettings() {
    }

    static List<Setting> of(DifyReleases.ValuesFile file) {
        List<Setting> out = new ArrayList<>();
        for (ChartValues.Image i : ChartValues.images(file.doc().root()).values()) {
            String ptr = pointer(i.path());
            out.add(i.plain() ? new Setting(i, ptr, ptr) : new Setting(i, ptr + "/tag", ptr + "/repository"));
        }
        return out;
    }

    static String pointer(String dotted) {
        StringBuilder sb = new StringBuilder();
        for (String part : dotted.split("\\.")) {
            sb.append('/').append(SourceMap.escape(part));
        }
        return sb.toString();
    }

    /** The image's path without a registry host ({@code downloads.unstructured.io/a/b} → {@code a/b}). */
    static String pathOf(String repository) {
        int slash = repository.indexOf('/');
        if (slash > 0) {
            String first = repository.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return repository.substring(slash + 1);
            }
        }
        return repository;
    }
}
