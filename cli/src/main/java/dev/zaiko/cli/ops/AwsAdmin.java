package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.admin.AdminApi;
import dev.zaiko.admin.RuntimeChannelDirectory;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.FlowWiring;
import dev.zaiko.domain.port.ChannelSecrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API in this process on real AWS clients, built exactly as the Lambda functions build
 * theirs ({@link FlowWiring} and its {@link dev.zaiko.config.Composition}: region and credentials from the SDK's chain, table names and queue
 * URLs from the environment). Channels come from the deploy config file (id, type, secret name,
 * options); their credentials are read from their SSM SecureString parameter only when a command
 * needs the mall.
 */
final class AwsAdmin {
    private AwsAdmin() {
    }

    static InProcessAdminClient open(Optional<String> profile, Optional<String> region, Optional<Path> config,
                                     Map<String, String> environment) {
        profile.ifPresent(p -> System.setProperty("aws.profile", p));
        region.ifPresent(r -> System.setProperty("aws.region", r));
        Map<String, String> env = new LinkedHashMap<>(environment);
        region.ifPresent(r -> env.put("AWS_REGION", r));
        FlowWiring wiring = new FlowWiring(env);
        ChannelSecrets secrets = wiring.secrets();
        Map<String, ChannelRuntime> channels = new LinkedHashMap<>();
        config.ifPresent(file -> readChannels(file, wiring, secrets, channels));
        RuntimeChannelDirectory directory = new RuntimeChannelDirectory(() -> channels,
                id -> wiring.pushQueue(id).visibleCount(), id -> wiring.pushQueue(id).deadLetterCount());
        java.util.Set<String> fixedIp = new java.util.HashSet<>();
        config.ifPresent(file -> fixedIp.addAll(fixedIpChannels(file)));
        // 再取得 as the console does it on AWS, when RECONCILER_FUNCTION_ARN is given: the reconciler in the background
        Optional<dev.zaiko.app.ops.ShownRefresh.Trigger> refresh = wiring.reconcileTrigger(fixedIp::contains);
        Ops ops = refresh.isPresent()
                ? wiring.composition().ops(directory, wiring.stores().reconcileReports(), refresh.get())
                : wiring.composition().ops(directory);
        return new InProcessAdminClient(new AdminApi(ops), () -> {
            wiring.dynamo.close();
            wiring.sqs.close();
        });
    }

    /** The ids of the config's channels with {@code "fixedIp": true} (their reconciler runs in the VPC). */
    private static java.util.List<String> fixedIpChannels(Path file) {
        try {
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (JsonNode channel : new ObjectMapper().readTree(Files.readString(file)).path("channels")) {
                if (channel.path("fixedIp").asBoolean(false)) {
                    ids.add(channel.path("id").asText(""));
                }
            }
            return ids;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config " + file + ": " + e.getMessage());
        }
    }

    private static void readChannels(Path file, FlowWiring wiring, ChannelSecrets secrets,
                                     Map<String, ChannelRuntime> channels) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config " + file + ": " + e.getMessage());
        }
        for (JsonNode channel : root.path("channels")) {
            String id = channel.path("id").asText("");
            String type = channel.path("type").asText("");
            // credentials: the channel's SecureString parameter (zaiko secrets put), prefix from the stack name
            String prefix = wiring.environment.getOrDefault(dev.zaiko.schema.Names.PREFIX_ENV,
                    dev.zaiko.schema.Names.prefixFor("ZaikoSync"));
            if (id.isEmpty() || type.isEmpty()) {
                throw new IllegalArgumentException("config " + file + ": every channel needs an id and a type");
            }
            Map<String, String> options = new LinkedHashMap<>();
            channel.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
            channels.put(id, new ChannelRuntime(id, type,
                    dev.zaiko.schema.Names.channelCredentialsParameter(prefix, id), options, secrets,
                    wiring.stores().openOrders(id), wiring.clock, wiring.stores().rateBuckets()));
        }
    }
}
