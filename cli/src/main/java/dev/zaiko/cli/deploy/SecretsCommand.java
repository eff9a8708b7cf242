package dev.zaiko.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.deployconfig.MallType;
import dev.zaiko.deployconfig.ZaikoConfig;
import dev.zaiko.deployconfig.ZaikoConfigParser;
import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.domain.channel.ChannelAdapterFactory.CredentialKey;
import dev.zaiko.schema.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code ./zaiko secrets put --channel ID}: asks for the credential keys that channel's mall needs
 * (read from the terminal without echo: no secret on the command line or in the shell history)
 * and stores them as the channel's SecureString parameter (standard tier, AWS-managed key).
 * For Mercari Shops, which signs nothing, it generates the webhook path token (256 random bits),
 * stores it with the credentials and writes it into {@code infra/cdk.context.json}, so the next
 * deploy outputs the full webhook URL.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true, subcommands = SecretsCommand.Put.class,
        description = "Channel credentials in SSM Parameter Store (SecureString).")
public final class SecretsCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: zaiko secrets put --channel ID [--config FILE]");
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Prompt for a channel's credentials and store them (values never echoed).")
    public static final class Put implements Callable<Integer> {
        @Option(names = "--channel", required = true, description = "Channel id from the config.")
        String channel;

        @Option(names = "--config", description = "Deployment config (default: infra/zaiko.example.json).")
        Path config;

        @Option(names = "--stack-name", defaultValue = "ZaikoSync", description = "Stack name (gives the name prefix).")
        String stackName;

        @Option(names = "--rotate-webhook-token", description = "Mercari: make a new path token (re-register the URL).")
        boolean rotateToken;

        @Override
        public Integer call() throws IOException {
            Path root = RepoBuild.root();
            ZaikoConfig parsed = ZaikoConfigParser.parse(config == null ? root.resolve("infra/zaiko.example.json")
                    : config.toAbsolutePath());
            ChannelConfig ch = parsed.channel(channel).orElse(null);
            if (ch == null) {
                System.err.println("zaiko secrets put: no channel " + channel + " in the config");
                return 2;
            }
            Console console = System.console();
            if (console == null) {
                System.err.println("zaiko secrets put: needs a terminal (secrets are typed, never passed as arguments"
                        + " or piped)");
                return 2;
            }
            String prefix = Names.prefixFor(stackName);
            Path context = root.resolve("infra/cdk.context.json");
            Map<String, String> credentials = collect(ch, prompt -> console.readPassword("%s", prompt), context,
                    rotateToken);
            String name = Names.channelCredentialsParameter(prefix, ch.id());
            try (SsmClient ssm = SsmClient.builder().region(Region.of(parsed.region()))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                ssm.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).tier(ParameterTier.STANDARD)
                        .overwrite(true).description("zaiko-sync credentials of " + ch.id())
                        .value(json(credentials)));
            }
            System.out.println("stored " + credentials.keySet() + " in " + name + " (SecureString; values not shown)");
            if (ch.type().equals(MallType.MERCARI)) {
                System.out.println("webhook path token written to " + context + ": deploy again, then register the"
                        + " stack output WebhookUrl" + pascal(ch.id()) + " with Mercari Shops");
            }
            return 0;
        }
    }

    /**
     * Asks for every key of the channel's mall (required ones again until given) and, for Mercari,
     * adds the webhook path token (reusing the one in {@code contextFile} unless {@code rotate}).
     */
    static Map<String, String> collect(ChannelConfig channel, Function<String, char[]> reader, Path contextFile,
                                       boolean rotate) throws IOException {
        ChannelAdapterFactory factory = ChannelAdapterFactory.all().get(channel.type().configName());
        List<CredentialKey> keys = factory == null ? List.of() : factory.credentialKeys();
        Map<String, String> values = new LinkedHashMap<>();
        for (CredentialKey key : keys) {
            for (int attempt = 0; attempt < 3; attempt++) {
                char[] typed = reader.apply(key.name() + (key.required() ? "" : " (optional)") + " - " + key.hint() + ": ");
                String value = typed == null ? "" : new String(typed).strip();
                if (typed != null) {
                    java.util.Arrays.fill(typed, '\0');
                }
                if (!value.isEmpty()) {
                    values.put(key.name(), value);
                    break;
                }
                if (!key.required()) {
                    break;
                }
                if (attempt == 2) {
                    throw new IllegalArgumentException(key.name() + " is required for " + channel.type().configName());
                }
            }
        }
        if (channel.type().equals(MallType.MERCARI)) {
            values.put("webhookToken", webhookToken(channel.id(), contextFile, rotate));
        }
        return values;
    }

    /** Mercari's path token: 32 random bytes, URL-safe base64 (43 characters); kept in the cdk context. */
    static String webhookToken(String channelId, Path contextFile, boolean rotate) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode context = Files.exists(contextFile) ? (ObjectNode) mapper.readTree(contextFile.toFile())
                : mapper.createObjectNode();
        String key = "zaiko:webhookToken:" + channelId;
        if (!rotate && context.path(key).isTextual() && context.get(key).asText().length() >= 22) {
            return context.get(key).asText();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        context.put(key, token);
        Files.writeString(contextFile, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(context) + "\n");
        return token;
    }

    static String json(Map<String, String> values) {
        try {
            return new ObjectMapper().writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pascal(String id) {
        StringBuilder out = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
