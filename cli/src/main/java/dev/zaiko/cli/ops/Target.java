package dev.zaiko.cli.ops;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where a seller command runs: the local stack's admin API (default) or in-process on AWS. */
public final class Target {
    public static final String DEFAULT_GATEWAY = "http://127.0.0.1:8787";

    @Option(names = "--local", description = "Use the admin API of a running `./zaiko local up` (the default).")
    boolean local;

    @Option(names = "--aws", description = "Run in this process against your AWS account (tables, queues and "
            + "secrets of the deployed stack).")
    boolean aws;

    @Option(names = "--gateway", paramLabel = "URL", description = "Admin API of the local stack (default: "
            + "$ZAIKO_GATEWAY, else " + DEFAULT_GATEWAY + ").")
    String gateway;

    @Option(names = "--profile", paramLabel = "P", description = "With --aws: the AWS profile.")
    String profile;

    @Option(names = "--region", paramLabel = "R", description = "With --aws: the AWS region.")
    String region;

    @Option(names = "--config", paramLabel = "FILE", description = "With --aws: the deploy config naming the "
            + "channels (default: $ZAIKO_CONFIG).")
    Path config;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "With --aws: a setting as the Lambda "
            + "functions get it (STOCK_TABLE_NAME=..., PUSH_QUEUE_URL_<CH>=..., PUSHER_FUNCTION_<CH>=...); repeatable.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the admin API's JSON instead of text (for scripts).")
    boolean json;

    AdminClient open() {
        if (local && aws) {
            throw new IllegalArgumentException("give --local or --aws, not both");
        }
        if (aws) {
            Map<String, String> environment = new LinkedHashMap<>(System.getenv());
            environment.putAll(env);
            Optional<Path> configFile = Optional.ofNullable(config)
                    .or(() -> Optional.ofNullable(System.getenv("ZAIKO_CONFIG")).map(Path::of));
            return AwsAdmin.open(Optional.ofNullable(profile), Optional.ofNullable(region), configFile, environment);
        }
        String url = gateway != null ? gateway
                : Optional.ofNullable(System.getenv("ZAIKO_GATEWAY")).filter(v -> !v.isBlank()).orElse(DEFAULT_GATEWAY);
        return new HttpAdminClient(URI.create(url));
    }
}
