package io.difyops.rules.upgrade;

import io.difyops.model.DifyRelease;
import io.difyops.chart.ChartValues;
import java.util.ArrayList;
import java.util.List;

/** The image settings written in one values file, with the pointers of their tag and repository. */
final class ImageSettings {
    /** One setting: the image, and where its tag and repository are written. */
    record Setting(ChartValues.Image image, String tagPointer, String repositoryPointer) {
    }

    private ImageSettings() {
    }

    static List<Setting> of(DifyRelease.ValuesFile file) {
        List<Setting> out = new ArrayList<>();
        for (ChartValues.Image i : ChartValues.images(file.doc().root()).values()) {
            String ptr = ChartValues.pointer(i.path());
            out.add(i.plain() ? new Setting(i, ptr, ptr) : new Setting(i, ptr + "/tag", ptr + "/repository"));
        }
        return out;
    }
}
