package io.difyops.diag;

/** Something findings can point into: a document or a resource inside one. */
public interface Located {
    /** Repository-relative path with forward slashes. */
    String file();

    /** The file that holds a JSON pointer of this thing (a rendered object's fields may come from several files). */
    default String fileOf(String pointer) {
        return file();
    }

    /** Position of a JSON pointer relative to this thing; falls back to the nearest enclosing node. */
    Position positionOf(String pointer);

    /** The pointer as seen from the document root (a List item adds its {@code /items/N} prefix). */
    default String absolutePointer(String pointer) {
        return pointer;
    }

    /** {@code group/version/Kind namespace/name}, or empty for a bare document. */
    default String identity() {
        return "";
    }
}
