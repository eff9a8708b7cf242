package dev.zaiko.cli.ops;

import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.AdminRequest;
import dev.zaiko.admin.AdminResponse;

/** The admin API called directly (the {@code --aws} mode, and the import bench): same code, no HTTP. */
public final class InProcessAdminClient implements AdminClient {
    private final AdminApi api;
    private final AutoCloseable resources;

    public InProcessAdminClient(AdminApi api, AutoCloseable resources) {
        this.api = api;
        this.resources = resources;
    }

    @Override
    public AdminResponse call(AdminRequest request) {
        return api.handle(request);
    }

    @Override
    public boolean reportsProgress() {
        return true;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            // closing clients at exit; nothing to do about a failure
        }
    }
}
