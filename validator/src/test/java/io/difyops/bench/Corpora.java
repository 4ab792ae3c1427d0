package io.difyops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's corpora: {@code N} documents of kinds every tool knows (ConfigMap, Service,
 * Deployment, Flux HelmRelease), five per file, all valid, so each tool must report N resources and
 * nothing skipped. Run by {@code validator/bench/compare}: {@code Corpora DIR N}.
 */
public final class Corpora {
    private Corpora() {
    }

    static String document(int i) {
        String ns = "team-" + (i % 17);
        return switch (i % 4) {
            case 0 -> "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\n  namespace: " + ns
                    + "\n  labels: {app: bench}\ndata:\n  key: value-" + i + "\n  other: \"" + i + "\"\n";
            case 1 -> "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-" + i + "\n  namespace: " + ns
                    + "\nspec:\n  selector: {app: a" + i + "}\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n";
            case 2 -> "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: dep-" + i + "\n  namespace: " + ns
                    + "\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: a" + i + "}\n  template:\n    metadata:\n"
                    + "      labels: {app: a" + i + "}\n    spec:\n      containers:\n        - name: main\n          image: nginx:1.27.3\n"
                    + "          ports:\n            - containerPort: 8080\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n";
            default -> "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: hr-" + i + "\n  namespace: " + ns
                    + "\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: podinfo\n      version: \"6.7.1\"\n      sourceRef:\n"
                    + "        kind: HelmRepository\n        name: podinfo\n  values:\n    replicaCount: 2\n";
        };
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < n; i++) {
            file.append("---\n").append(document(i));
            if (i % 5 == 4 || i == n - 1) {
                Path sub = dir.resolve("d" + (i / 5000));
                Files.createDirectories(sub);
                Files.writeString(sub.resolve("f" + (i / 5) + ".yaml"), file);
                file.setLength(0);
            }
        }
    }
}
