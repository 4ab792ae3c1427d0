package io.difyops.model;

import io.difyops.config.Options;
import io.difyops.load.InputScanner;
import io.difyops.load.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Flux's post-build variable substitution: which resources it applies to. */
public final class Substitution {
    private Substitution() {
    }

    /**
     * Resources under a Flux Kustomization's {@code spec.path} whose {@code postBuild} substitutes
     * variables, unless they opt out with {@code kustomize.toolkit.fluxcd.io/substitute: disabled}.
     */
    public static Predicate<Resource> substitutable(Options o, InputScanner scanner, List<Resource> resources) {
        java.util.Set<String> prefixes = new java.util.HashSet<>();
        for (Resource r : resources) {
            if ("Kustomization".equals(r.kind()) && r.gvk().group().equals("kustomize.toolkit.fluxcd.io")
                    && r.node().path("spec").has("postBuild")) {
                String path = r.node().path("spec").path("path").asString("");
                Path abs = o.root().resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
                String rel = scanner.relative(abs);
                prefixes.add(".".equals(rel) ? "" : rel + "/");
            }
        }
        if (prefixes.isEmpty()) {
            return r -> false;
        }
        return r -> {
            if ("disabled".equals(r.node().path("metadata").path("annotations").path("kustomize.toolkit.fluxcd.io/substitute").asString(""))) {
                return false;
            }
            String file = r.renderedBy() != null ? r.renderedBy() + "/" : r.file();
            // the folders above the file, each looked up (a fleet has thousands of substituting Kustomizations)
            if (prefixes.contains("")) {
                return true;
            }
            for (int i = file.indexOf('/'); i >= 0; i = file.indexOf('/', i + 1)) {
                if (prefixes.contains(file.substring(0, i + 1))) {
                    return true;
                }
            }
            return false;
        };
    }
}
