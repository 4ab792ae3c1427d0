package io.difyops.model;

import io.difyops.load.InputFile;
import io.difyops.load.Resource;
import io.difyops.load.YamlDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run read: the files, their documents by file, and every resource (from files, from
 * kustomize renders, and patch files as patches).
 */
public record Model(Path root, List<InputFile> files, Map<String, List<YamlDocument>> documents, List<Resource> resources) {
}
