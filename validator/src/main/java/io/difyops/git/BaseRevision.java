package io.difyops.git;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The base of a change: the merge-base of a base ref with HEAD, read from git objects (no checkout).
 * The working tree, uncommitted changes included, is the other side of the comparison.
 */
public final class BaseRevision implements Closeable {
    /** The base cannot be established; the message says what to do. */
    public static final class BaseException extends Exception {
        public BaseException(String message) {
            super(message);
        }
    }

    /** One version of a file in the base branch's history. */
    public record FileVersion(RevCommit commit, String text) {
    }

    private final Repository repo;
    private final RevCommit base;
    private final String description;

    private BaseRevision(Repository repo, RevCommit base, String description) {
        this.repo = repo;
        this.base = base;
        this.description = description;
    }

    /**
     * Opens the repository at {@code root}. {@code ref} may be null: then {@code defaultBranch}, then
     * {@code origin/main}, then {@code main}. Empty when {@code root} is not a git work tree, or when
     * no ref was asked for and none of the defaults exists.
     */
    /**
     * The repository of a work tree: {@code .git} a folder, or a file naming the git directory (a linked
     * {@code git worktree}, whose objects and refs live in the main repository's common directory).
     */
    static Repository repository(Path root) throws IOException {
        Path dotGit = root.resolve(".git");
        FileRepositoryBuilder b = new FileRepositoryBuilder().setWorkTree(root.toFile()).setMustExist(true);
        if (Files.isRegularFile(dotGit)) {
            String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
            if (!line.startsWith("gitdir:")) {
                throw new IOException(".git is a file that names no git directory");
            }
            Path gitDir = root.resolve(line.substring("gitdir:".length()).strip()).normalize();
            b.setGitDir(gitDir.toFile());
            Path common = gitDir.resolve("commondir");
            if (Files.isRegularFile(common)) {
                b.setGitCommonDir(gitDir.resolve(Files.readString(common, StandardCharsets.UTF_8).strip()).normalize().toFile());
            }
        } else {
            b.setGitDir(dotGit.toFile());
        }
        return b.build();
    }

    public static Optional<BaseRevision> open(Path root, String ref, String defaultBranch) throws BaseException {
        if (!Files.exists(root.resolve(".git"))) {
            if (ref != null) {
                throw new BaseException("--base " + ref + " needs a git repository, and " + root + " is not one");
            }
            return Optional.empty();
        }
        Repository repo;
        try {
            repo = repository(root);
        } catch (IOException | IllegalArgumentException e) {
            if (ref == null) {
                return Optional.empty(); // not a usable repository: only the base-less rules run
            }
            throw new BaseException("cannot open the git repository at " + root + ": " + e.getMessage());
        }
        try {
            List<String> candidates = new ArrayList<>();
            if (ref != null) {
                candidates.add(ref);
            } else {
                if (defaultBranch != null && !defaultBranch.isBlank()) {
                    candidates.add(defaultBranch);
                }
                candidates.add("origin/main");
                candidates.add("main");
            }
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                repo.close();
                if (ref != null) {
                    throw new BaseException("the repository has no commit yet, so there is no base to compare with");
                }
                return Optional.empty();
            }
            for (String c : candidates) {
                ObjectId id = repo.resolve(c);
                if (id == null) {
                    continue;
                }
                if (id.equals(head)) {
                    try (RevWalk walk = new RevWalk(repo)) {
                        return Optional.of(new BaseRevision(repo, walk.parseCommit(head), c + " (HEAD itself)"));
                    }
                }
                try (RevWalk walk = new RevWalk(repo)) {
                    walk.setRevFilter(RevFilter.MERGE_BASE);
                    walk.markStart(walk.parseCommit(id));
                    walk.markStart(walk.parseCommit(head));
                    RevCommit mb = walk.next();
                    if (mb == null) {
                        if (ref == null) {
                            continue; // an implicit default without common history: try the next, or go without a base
                        }
                        throw shallowOr(repo, c, "has no common history with HEAD");
                    }
                    return Optional.of(new BaseRevision(repo, walk.parseCommit(mb), c + " (merge-base " + mb.abbreviate(12).name() + ")"));
                } catch (MissingObjectException e) {
                    if (ref == null) {
                        continue; // e.g. a shallow clone: without --base, only the base-less rules run
                    }
                    throw shallowOr(repo, c, "reaches a commit that is not in this clone");
                }
            }
            repo.close();
            if (ref != null) {
                throw new BaseException("--base " + ref + " names no commit, branch or tag of this repository");
            }
            return Optional.empty();
        } catch (IOException e) {
            repo.close();
            throw new BaseException("cannot read the git history: " + e.getMessage());
        } catch (BaseException e) {
            repo.close();
            throw e;
        }
    }

    private static BaseException shallowOr(Repository repo, String ref, String what) {
        if (Files.exists(repo.getDirectory().toPath().resolve("shallow"))) {
            return new BaseException("this is a shallow clone and the merge-base of " + ref + " and HEAD is missing; fetch the whole "
                    + "history (actions/checkout with fetch-depth: 0, or git fetch --unshallow) and run again");
        }
        return new BaseException(ref + " " + what + "; pass --base with a branch this change was made from");
    }

    /**
     * Why {@link #open} found no base for a git work tree without {@code --base}, or null when the
     * folder is not a git work tree (then there is nothing to compare with, and nothing to say).
     */
    public static String whyNone(Path root, String defaultBranch) {
        if (!Files.exists(root.resolve(".git"))) {
            return null;
        }
        try (Repository repo = repository(root)) {
            if (repo.resolve(Constants.HEAD) == null) {
                return "the repository has no commit yet";
            }
            List<String> names = new ArrayList<>();
            if (defaultBranch != null && !defaultBranch.isBlank()) {
                names.add(defaultBranch);
            }
            names.add("origin/main");
            names.add("main");
            boolean any = false;
            for (String n : names) {
                any |= repo.resolve(n) != null;
            }
            if (Files.exists(repo.getDirectory().toPath().resolve("shallow"))) {
                return "this is a shallow clone and the merge-base of " + String.join(" / ", names) + " with HEAD is not in it";
            }
            return any ? "none of " + String.join(", ", names) + " shares history with HEAD"
                    : "none of " + String.join(", ", names) + " exists";
        } catch (IOException | IllegalArgumentException e) {
            return null; // not a usable git repository (open() treats it the same way): nothing to compare with
        }
    }

    /**
     * Whether the base is HEAD itself and the work tree has no change (tracked or untracked) under
     * {@code paths} (the top-level entries the loader read): then the base reads as the work tree.
     */
    public boolean isWorkTree(java.util.Collection<String> paths) {
        try {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null || !head.equals(base.getId()) || paths.isEmpty()) {
                return false;
            }
            var status = org.eclipse.jgit.api.Git.wrap(repo).status();
            paths.forEach(status::addPath);
            return status.call().isClean();
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            return false;
        }
    }

    public String describe() {
        return description;
    }

    public RevCommit commit() {
        return base;
    }

    /** The file's text at the base, or empty when it did not exist. */
    public Optional<String> read(String path) throws IOException {
        return read(base, path);
    }

    private Optional<String> read(RevCommit commit, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, path, commit.getTree())) {
            if (tw == null) {
                return Optional.empty();
            }
            return Optional.of(new String(repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Writes every file of the base's tree (up to {@code maxBytes} each; symbolic links left out) under {@code dir}. */
    public void checkout(java.nio.file.Path dir, long maxBytes) throws IOException {
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(base.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                if ((tw.getRawMode(0) & org.eclipse.jgit.lib.FileMode.TYPE_MASK) != org.eclipse.jgit.lib.FileMode.TYPE_FILE) {
                    continue;
                }
                var loader = repo.open(tw.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > maxBytes) {
                    continue;
                }
                java.nio.file.Path target = dir.resolve(tw.getPathString()).normalize();
                if (!target.startsWith(dir)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.write(target, loader.getBytes());
            }
        }
    }

    /** Whether the base is the commit HEAD names. */
    public boolean headIsBase() throws IOException {
        ObjectId head = repo.resolve(Constants.HEAD);
        return head != null && head.equals(base.getId());
    }

    /** The base's tree: every path with its mode (octal, as git writes it) and object id, "100644 1f2e…". */
    public java.util.Map<String, String> tree() throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(base.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                out.put(tw.getPathString(), Integer.toOctalString(tw.getRawMode(0)) + " " + tw.getObjectId(0).getName());
            }
        }
        return out;
    }

    /** Every file path at the base. */
    public List<String> files() throws IOException {
        List<String> out = new ArrayList<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(base.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                out.add(tw.getPathString());
            }
        }
        return out;
    }

    /** The versions of a file along the base's first-parent history, newest first (at most {@code limit}). */
    public List<FileVersion> history(String path, int limit) throws IOException {
        List<FileVersion> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(base);
            while (c != null && out.size() < limit) {
                Optional<String> text = read(c, path);
                out.add(new FileVersion(c, text.orElse(null)));
                if (c.getParentCount() == 0) {
                    break;
                }
                try {
                    c = walk.parseCommit(c.getParent(0));
                } catch (MissingObjectException e) {
                    break; // shallow history ends here
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        repo.close();
    }
}
