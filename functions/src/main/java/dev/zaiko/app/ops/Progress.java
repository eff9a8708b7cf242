package dev.zaiko.app.ops;

/** Where a long operation reports how far it got (a CLI progress bar, a log); never required. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (phase, done, total) -> {
    };

    /** {@code done} of {@code total} units of {@code phase} ("validate", "apply", "read rakuten-main", ...). */
    void update(String phase, long done, long total);
}
