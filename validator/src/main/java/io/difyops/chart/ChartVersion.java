package io.difyops.chart;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact chart version such as {@code 3.7.3} or {@code 3.9.5-fix.1}. A hotfix suffix
 * ({@code -fix.N}) compares as its base version; other pre-release suffixes sort before the release.
 */
public record ChartVersion(int major, int minor, int patch, String suffix) implements Comparable<ChartVersion> {
    /** Each number fits an int (nine digits); a longer one is no version this gate can compare. */
    private static final Pattern EXACT = Pattern.compile("v?(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:-([0-9A-Za-z.-]{1,128}))?");

    /** The version, or empty when the text is not one exact version (a range, a wildcard, 3.x). */
    public static Optional<ChartVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = EXACT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ChartVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4) == null ? "" : m.group(4)));
    }

    public static ChartVersion of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not an exact chart version: " + text));
    }

    public boolean isHotfix() {
        return suffix.startsWith("fix");
    }

    /** The version without its suffix when it is a hotfix. */
    public ChartVersion base() {
        return isHotfix() ? new ChartVersion(major, minor, patch, "") : this;
    }

    private static final Comparator<ChartVersion> ORDER = Comparator.comparingInt(ChartVersion::major)
            .thenComparingInt(ChartVersion::minor).thenComparingInt(ChartVersion::patch)
            .thenComparing(v -> v.suffix.isEmpty() ? 1 : 0);

    @Override
    public int compareTo(ChartVersion o) {
        return ORDER.compare(base(), o.base());
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (suffix.isEmpty() ? "" : "-" + suffix);
    }
}
