package dev.zaiko.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The floor of {@code ./zaiko bench coldstart}: a handler that does nothing, run through the same
 * runtime client in the same way, so each handler's init can be read as "JVM + runtime client" plus
 * "ours". A stream handler (no interface, no Jackson): the runtime client needs nothing more.
 * Deployed by no construct.
 */
public final class EmptyHandler {
    public void handleRequest(InputStream input, OutputStream output) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }
}
