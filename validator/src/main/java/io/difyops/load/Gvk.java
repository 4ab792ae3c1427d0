package io.difyops.load;

/** Group, version, kind. The core group is the empty string. */
public record Gvk(String group, String version, String kind) {
    public static Gvk of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? new Gvk("", apiVersion, kind) : new Gvk(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion() + "/" + kind;
    }
}
