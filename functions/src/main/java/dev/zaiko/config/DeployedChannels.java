package dev.zaiko.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.OpenOrders;
import dev.zaiko.domain.port.ChannelSecrets;
import dev.zaiko.schema.Names;
import dev.zaiko.schema.Names.ConfigFields;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The channel accounts of a deployment, found at run time: one function per concern serves every
 * channel, so a channel's settings are not in the environment but in its config parameter
 * ({@link Names#channelConfigParameter}), and its credentials in its SecureString parameter
 * ({@link Names#channelCredentialsParameter}). Settings are cached for {@link #CONFIG_TTL}; each
 * channel's {@link ChannelRuntime} is built once and re-reads its credentials on its own TTL.
 */
public final class DeployedChannels {
    static final Duration CONFIG_TTL = Duration.ofMinutes(15);

    /** Where the parameters are read: SSM on AWS, a map in tests. */
    public interface ParameterSource {
        /** The plain value of one parameter, empty when it does not exist. */
        Optional<String> get(String name);

        /** Every parameter under {@code path} (recursively), name to value, without decryption. */
        Map<String, String> byPath(String path);
    }

    /** A channel's non-secret settings, as the stack wrote them. */
    public record Descriptor(String id, String type, Map<String, String> options, int pollIntervalSeconds,
                             boolean webhook, boolean fixedIp, String reconcileMode) {
        public Descriptor {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            options = Map.copyOf(options);
            Objects.requireNonNull(reconcileMode, "reconcileMode");
        }

        static Descriptor parse(String id, String parameter, String json, ObjectMapper mapper) {
            JsonNode node;
            try {
                node = mapper.readTree(json);
            } catch (IOException e) {
                throw new IllegalStateException("channel config " + parameter + " is not valid JSON");
            }
            if (node == null || !node.isObject() || !node.path(ConfigFields.TYPE).isTextual()) {
                throw new IllegalStateException("channel config " + parameter + " must be a JSON object with '"
                        + ConfigFields.TYPE + "'");
            }
            Map<String, String> options = new LinkedHashMap<>();
            node.path(ConfigFields.OPTIONS).fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
            return new Descriptor(id, node.get(ConfigFields.TYPE).asText(), options,
                    node.path(ConfigFields.POLL_INTERVAL_SECONDS).asInt(60),
                    node.path(ConfigFields.WEBHOOK).asBoolean(false),
                    node.path(ConfigFields.FIXED_IP).asBoolean(false),
                    node.path(ConfigFields.RECONCILE_MODE).asText("repair"));
        }
    }

    private record Cached(Optional<Descriptor> descriptor, Instant readAt) {
    }

    private final String prefix;
    private final ParameterSource parameters;
    private final ChannelSecrets secrets;
    private final Function<String, OpenOrders> openOrders;
    private final Clock clock;
    private final java.util.function.Supplier<ObjectMapper> mapper;
    private final dev.zaiko.domain.port.RateBuckets rateBuckets;
    private final ConcurrentHashMap<String, Cached> descriptors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ChannelRuntime> runtimes = new ConcurrentHashMap<>();

    public DeployedChannels(String prefix, ParameterSource parameters, ChannelSecrets secrets,
                            Function<String, OpenOrders> openOrders, Clock clock, ObjectMapper mapper) {
        this(prefix, parameters, secrets, openOrders, clock, mapper, null);
    }

    /** @param rateBuckets the store's shared per-channel rate limits (null: per container) */
    public DeployedChannels(String prefix, ParameterSource parameters, ChannelSecrets secrets,
                            Function<String, OpenOrders> openOrders, Clock clock, ObjectMapper mapper,
                            dev.zaiko.domain.port.RateBuckets rateBuckets) {
        this(prefix, parameters, secrets, openOrders, clock, constant(Objects.requireNonNull(mapper, "mapper")), rateBuckets);
    }

    /** @param mapper the container's mapper, asked for at the first read (a Lambda's init makes none) */
    public DeployedChannels(String prefix, ParameterSource parameters, ChannelSecrets secrets,
                            Function<String, OpenOrders> openOrders, Clock clock,
                            java.util.function.Supplier<ObjectMapper> mapper,
                            dev.zaiko.domain.port.RateBuckets rateBuckets) {
        this.rateBuckets = rateBuckets;
        this.prefix = Names.requirePrefix(prefix);
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.openOrders = Objects.requireNonNull(openOrders, "openOrders");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    private static java.util.function.Supplier<ObjectMapper> constant(ObjectMapper mapper) {
        return () -> mapper;
    }

    /** The channel's settings; empty when the id is not a channel of this deployment. */
    public Optional<Descriptor> descriptor(String channelId) {
        if (channelId == null || channelId.isBlank()) {
            return Optional.empty();
        }
        try {
            dev.zaiko.schema.Queues.requireChannelId(channelId);
        } catch (IllegalArgumentException notAChannelId) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached cached = descriptors.get(channelId);
        if (cached == null || cached.readAt().plus(CONFIG_TTL).isBefore(now)) {
            String name = Names.channelConfigParameter(prefix, channelId);
            Optional<Descriptor> read = parameters.get(name).map(json -> Descriptor.parse(channelId, name, json, mapper.get()));
            cached = new Cached(read, now);
            descriptors.put(channelId, cached);
        }
        return cached.descriptor();
    }

    /** The runtime (adapter with current credentials) of a channel of this deployment. */
    public ChannelRuntime runtime(String channelId) {
        Descriptor d = descriptor(channelId).orElseThrow(() -> new IllegalArgumentException(
                "unknown channel '" + channelId + "': no " + Names.channelConfigParameter(prefix, channelId)));
        return runtimes.computeIfAbsent(channelId, id -> new ChannelRuntime(id, d.type(),
                Names.channelCredentialsParameter(prefix, id), d.options(), secrets, openOrders.apply(id), clock, rateBuckets));
    }

    /** Every channel of this deployment, sorted by id. */
    public List<Descriptor> all() {
        String path = Names.channelsParameterPath(prefix);
        List<Descriptor> out = new ArrayList<>();
        Instant now = clock.instant();
        parameters.byPath(path).forEach((name, value) -> {
            if (name.startsWith(path + "/") && name.endsWith("/config")) {
                String id = name.substring(path.length() + 1, name.length() - "/config".length());
                Descriptor d = Descriptor.parse(id, name, value, mapper.get());
                descriptors.put(id, new Cached(Optional.of(d), now));
                out.add(d);
            }
        });
        out.sort(java.util.Comparator.comparing(Descriptor::id));
        return out;
    }

    /** Forgets every cached setting and credential (after a SnapStart restore: they may be hours old). */
    public void forgetCachedState() {
        descriptors.clear();
        runtimes.values().forEach(ChannelRuntime::refreshCredentials);
    }
}
