package dev.zaiko.cli.ops;

import dev.zaiko.admin.AdminRequest;
import dev.zaiko.admin.AdminResponse;

/** Where the CLI sends admin API calls: a running local stack over HTTP, or the services in this process. */
public interface AdminClient extends AutoCloseable {
    AdminResponse call(AdminRequest request);

    /** True when progress reported through the request reaches the caller (in-process calls). */
    boolean reportsProgress();

    @Override
    default void close() {
    }
}
