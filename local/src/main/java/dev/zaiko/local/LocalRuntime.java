package dev.zaiko.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zaiko.contract.OrderEventCodec;
import dev.zaiko.adapter.sqs.SqsOrderQueue;
import dev.zaiko.adapter.sqs.SqsPushQueue;
import dev.zaiko.adapter.sqs.SqsPushRequester;
import dev.zaiko.app.ChannelPoller;
import dev.zaiko.app.LedgerService;
import dev.zaiko.app.PollService;
import dev.zaiko.app.PushService;
import dev.zaiko.app.WebhookService;
import dev.zaiko.config.ChannelRuntime;
import dev.zaiko.config.Composition;
import dev.zaiko.config.DynamoDbStores;
import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.ListingPushLog;
import dev.zaiko.domain.port.StockLedger;
import dev.zaiko.config.QueueDirectory;
import dev.zaiko.domain.ListingKey;
import dev.zaiko.embedded.Provisioner;
import dev.zaiko.embedded.SqsEventSourceRunner;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.handler.ChannelPollHandler;
import dev.zaiko.handler.LedgerHandler;
import dev.zaiko.handler.NotificationQueueHandler;
import dev.zaiko.handler.PushHandler;
import dev.zaiko.handler.WebhookHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Base64;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.schema.Queues;
import dev.zaiko.sim.MallSimulator;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole system in one JVM, wired exactly as on AWS: the same services and handlers, the same
 * store ports (on the embedded SQL store, or on DynamoDB tables when the target has DynamoDB) and
 * the real SQS API (embedded ElasticMQ), the orders queue driven like a
 * Lambda event source mapping, pushers woken in-process instead of by asynchronous invocation,
 * and webhooks received by an HTTP gateway on 127.0.0.1. Channels talk to mall simulators.
 */
public final class LocalRuntime implements AutoCloseable {
    /** One channel account and the simulator that plays its mall. */
    public record Channel(String id, String type, MallSimulator simulator, ChannelRuntime runtime,
                          Duration pollInterval, boolean webhook) {
    }

    /** A poller run covers one poll here (a run is a minute; a poll's interval is at least that long). */
    private static final Duration ONE_RUN = Duration.ofMinutes(1);
    /**
     * The time a local poll "invocation" has: with the poller's 15 s safety margin, a poll gets
     * 20 s of mall calls (a mall waiting on its rate limit must not hold a scheduler thread long).
     */
    private static final Duration POLL_RUN_TIME = Duration.ofSeconds(35);


    private volatile boolean closing;
    private final TestAws aws;
    private final String suffix;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper mapper = new ObjectMapper();
    /** The stores every service here runs on. */
    public final Stores stores;
    private final boolean ownsStores;
    private final QueueDirectory queues;
    private final LocalSecrets secrets = new LocalSecrets();
    private final InProcessPushers pushers;
    /** Builds every service here, as it does for the Lambda functions. */
    public final Composition composition;
    public final LedgerService ledger;
    public final StockLedger store;
    public final ChannelStates states;
    public final ListingPushLog pushLog;
    public final PollService polls;
    public final PushService pushes;
    private final ChannelPoller poller;
    private final WebhookService webhooks;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    /** Each channel's poller and pusher: the Lambda handlers themselves, invoked in process. */
    private final Map<String, ChannelPollHandler> pollHandlers = new ConcurrentHashMap<>();
    private final Map<String, PushHandler> pushHandlers = new ConcurrentHashMap<>();
    private final Provisioner.QueueUrls ordersQueue;
    private final SqsEventSourceRunner ordersRunner;
    private final HttpServer gateway;
    private final List<SqsEventSourceRunner> notificationRunners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, String> notificationQueues = new ConcurrentHashMap<>();
    private final Map<String, String> pushDlqs = new ConcurrentHashMap<>();
    // One thread per mall of the example config: a poll waiting on its mall's rate limit must not
    // hold back another channel's poll (on AWS each channel has its own poller function).
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(8, r -> {
        Thread thread = new Thread(r, "local-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param settle how recent an order may be and still be polled (0 locally: simulators have no indexing lag)
     * @param ordersQueueDef the orders queue as the stack defines it; tests may shorten its visibility timeout
     */
    public LocalRuntime(TestAws aws, String suffix, Duration settle, QueueDef ordersQueueDef) {
        this(aws, suffix, settle, ordersQueueDef, 0);
    }

    /**
     * On fresh stores of the target: the embedded SQL store (nothing kept), or DynamoDB tables with
     * {@code suffix} when the target has DynamoDB.
     *
     * @param gatewayPort the 127.0.0.1 port of the webhook/admin gateway; 0 for any free port
     */
    public LocalRuntime(TestAws aws, String suffix, Duration settle, QueueDef ordersQueueDef, int gatewayPort) {
        this(aws, freshStores(aws, suffix), true, suffix, settle, ordersQueueDef, gatewayPort);
    }

    /** On the given stores (e.g. the ledger file of {@code zaiko local up}); the caller closes them. */
    public LocalRuntime(TestAws aws, Stores stores, String suffix, Duration settle, QueueDef ordersQueueDef,
                        int gatewayPort) {
        this(aws, stores, false, suffix, settle, ordersQueueDef, gatewayPort);
    }

    private static Stores freshStores(TestAws aws, String suffix) {
        if (aws.dynamo().isPresent()) {
            aws.createTables(suffix);
            return new DynamoDbStores(aws.dynamo().get(), TableNames.withSuffix(suffix), Clock.systemUTC());
        }
        return SqlStores.temporary(Clock.systemUTC());
    }

    private LocalRuntime(TestAws aws, Stores stores, boolean ownsStores, String suffix, Duration settle,
                         QueueDef ordersQueueDef, int gatewayPort) {
        this.aws = aws;
        this.suffix = suffix;
        this.stores = stores;
        this.ownsStores = ownsStores;
        this.ordersQueue = aws.createQueue(ordersQueueDef, suffix);
        this.queues = new QueueDirectory(aws.sqs(), Map.of(Queues.ORDERS.urlEnvVar(), ordersQueue.queueUrl()), suffix);
        this.store = stores.stockLedger();
        this.states = stores.channelStates();
        this.pushLog = stores.pushLog();
        this.pushers = new InProcessPushers(this::drain);
        SqsOrderQueue orders = new SqsOrderQueue(aws.sqs(), ordersQueue.queueUrl(), new OrderEventCodec(mapper));
        // the same composition root as the Lambda functions, on this process's stores, queues and pushers
        this.composition = new Composition(stores, orders, new SqsPushRequester(aws.sqs(), queues::pushQueueUrl),
                pushers, clock);
        this.ledger = composition.ledger();
        this.polls = composition.polls(settle);
        this.poller = composition.poller(polls, ChannelPollHandler.REAL_TIME);
        this.pushes = composition.pushes(pollTrigger());
        this.webhooks = composition.webhooks();
        LedgerHandler ledgerHandler = new LedgerHandler(ledger, new OrderEventCodec(mapper));
        this.ordersRunner = new SqsEventSourceRunner(aws.sqs(), ordersQueue.queueUrl(),
                event -> ledgerHandler.handleRequest(event, null), SqsEventSourceRunner.Settings.lambdaDefaults()).start();
        try {
            this.gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), gatewayPort), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the local gateway on 127.0.0.1:" + gatewayPort
                    + (gatewayPort == 0 ? "" : " (in use? choose another with --port)"), e);
        }
        gateway.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "gateway");
            thread.setDaemon(true);
            return thread;
        }));
        gateway.createContext("/webhooks/", this::webhook);
        gateway.start();
    }

    public LocalRuntime(TestAws aws, String suffix) {
        this(aws, suffix, Duration.ZERO, Queues.ORDERS);
    }

    /** Adds a channel account played by {@code simulator}; its push queue (and DLQ) is created like the stack's. */
    public Channel addChannel(String id, String type, MallSimulator simulator, Map<String, String> credentials,
                              Map<String, String> options, Duration pollInterval, boolean webhook) {
        Queues.requireChannelId(id);
        pushDlqs.put(id, aws.createQueue(pushQueueDef(id), suffix).dlqUrl());
        String secretRef = "local/" + id;
        secrets.put(secretRef, credentials);
        Map<String, String> withBase = new HashMap<>(options);
        withBase.putIfAbsent("baseUrl", simulator.baseUrl().toString());
        ChannelRuntime runtime = new ChannelRuntime(id, type, secretRef, withBase, secrets,
                stores.openOrders(id), clock,
                stores.rateBuckets());
        Channel channel = new Channel(id, type, simulator, runtime, pollInterval, webhook);
        // One poll per handler run: the local scheduler spaces the runs by the channel's interval
        // (on AWS, EventBridge fires once a minute and the handler polls within the minute).
        pollHandlers.put(id, new ChannelPollHandler(runtime, poller, pushQueue(id), ONE_RUN));
        pushHandlers.put(id, new PushHandler(runtime, pushes, pushQueue(id)));
        channels.put(id, channel);
        return channel;
    }

    /** Push queues retry sooner locally than on AWS, so a demo's outage heals within seconds. */
    private static QueueDef pushQueueDef(String channelId) {
        QueueDef onAws = Queues.push(channelId);
        return new QueueDef(onAws.id(), onAws.defaultName(), onAws.urlEnvVar(), 30, onAws.maxReceiveCount(),
                onAws.retentionSeconds());
    }

    /**
     * The SP-API notification queue of an Amazon channel (as the stack's
     * {@code SpApiNotificationsConstruct} creates it), consumed by the same
     * {@link NotificationQueueHandler} through an event-source-mapping runner. Returns its URL, for
     * the simulator to publish ORDER_CHANGE notifications to.
     */
    public String addNotificationQueue(String channelId) {
        Channel channel = channel(channelId);
        Provisioner.QueueUrls urls = aws.createQueue(notificationQueueDef(channelId), suffix);
        NotificationQueueHandler handler = new NotificationQueueHandler(channel.runtime(), ledger);
        notificationRunners.add(new SqsEventSourceRunner(aws.sqs(), urls.queueUrl(),
                event -> handler.handleRequest(event, null), SqsEventSourceRunner.Settings.lambdaDefaults()).start());
        notificationQueues.put(channelId, urls.queueUrl());
        return urls.queueUrl();
    }

    /** The stack's SP-API queue ({@link Queues#SPAPI_NOTIFICATIONS}), one per channel here: same timings. */
    static QueueDef notificationQueueDef(String channelId) {
        return Queues.spApiNotifications(channelId);
    }

    public Optional<String> notificationQueueUrl(String channelId) {
        return Optional.ofNullable(notificationQueues.get(channelId));
    }

    /** The AWS APIs this runtime runs on (embedded ElasticMQ, or a test target). */
    public TestAws aws() {
        return aws;
    }

    public Channel channel(String id) {
        Channel channel = channels.get(id);
        if (channel == null) {
            throw new IllegalArgumentException("no channel " + id);
        }
        return channel;
    }

    public Map<String, Channel> channels() {
        return Map.copyOf(channels);
    }

    /** The seller replaced a channel's credentials (e.g. after AUTH_ERROR). */
    public void updateCredentials(String channelId, Map<String, String> credentials) {
        secrets.put("local/" + channelId, credentials);
        channel(channelId).runtime().refreshCredentials();
    }

    // ------------------------------------------------------------------ the flow

    /**
     * One scheduled poll of a channel through its {@link ChannelPollHandler} (logged, credentials
     * re-read after an AUTH failure, then the fallback wake-up of its pusher if requests wait).
     * Returns the poll's result instead of failing the "invocation" on a mall error.
     */
    public PollService.PollResult poll(String channelId) {
        channel(channelId);
        long started = System.nanoTime();
        PollService.PollResult result = pollHandlers.get(channelId).run(channelId, () -> POLL_RUN_TIME).getLast();
        // How long a poll took (rate-limit waits included): the demo's detection figures depend on it.
        dev.zaiko.config.JsonLog.info("local_poll", "channel", channelId, "ms", (System.nanoTime() - started) / 1_000_000,
                "result", result.getClass().getSimpleName(),
                "events", result instanceof PollService.PollResult.Polled polled ? polled.events() : 0);
        return result;
    }

    /**
     * Polls a channel now, on the scheduler (what an asynchronous invocation of its poller is on
     * AWS): asked when a mall shows less than the ledger (invariant 8).
     */
    public dev.zaiko.domain.port.PollTrigger pollTrigger() {
        return channelId -> scheduler.execute(() -> {
            try {
                // the payload the AWS trigger sends ({"channelId", "reason": "pollNow"}): one poll up to now
                channel(channelId);
                pollHandlers.get(channelId).handleRequest(Map.of("channelId", channelId,
                        dev.zaiko.schema.Names.REASON_INPUT, dev.zaiko.schema.Names.POLL_NOW_REASON), null);
            } catch (RuntimeException e) {
                if (!closing) {
                    System.err.println("poll " + channelId + " (asked by a push) failed: " + e);
                }
            }
        });
    }

    /** Wakes every pusher whose queue holds requests (what each poll does on AWS). */
    public void wakeWaitingPushers() {
        for (String id : channels.keySet()) {
            if (pushQueue(id).visibleCount() > 0) {
                pushers.wake(List.of(id));
            }
        }
    }

    /** Polls every channel on its own interval until closed. */
    public void startSchedules() {
        for (Channel channel : channels.values()) {
            long millis = Math.max(200, channel.pollInterval().toMillis());
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    poll(channel.id());
                } catch (RuntimeException e) {
                    if (!closing) {
                        System.err.println("poll " + channel.id() + " failed: " + e);
                    }
                }
            }, 0, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** One pusher invocation of a channel: its {@link PushHandler}, as the asynchronous invoke runs it on AWS. */
    private void drain(String channelId) {
        channel(channelId);
        pushHandlers.get(channelId).handleRequest(Map.of("channelId", channelId), null);
    }

    public Optional<dev.zaiko.domain.OrderLine> line(String channelId, String orderId, String lineId) {
        return store.findLine(channelId + "#" + orderId + "#" + lineId);
    }

    public SqsPushQueue pushQueue(String channelId) {
        return new SqsPushQueue(aws.sqs(), queues.pushQueueUrl(channelId));
    }

    public InProcessPushers pushers() {
        return pushers;
    }

    public int ordersDlqDepth() {
        return depth(ordersQueue.dlqUrl());
    }

    /** Push requests a channel's pusher gave up on (moved by the redrive policy after too many receives). */
    public int pushDlqDepth(String channelId) {
        channel(channelId);
        return depth(pushDlqs.get(channelId));
    }

    private int depth(String queueUrl) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    public String ordersQueueUrl() {
        return ordersQueue.queueUrl();
    }

    // ------------------------------------------------------------------ convergence

    /**
     * Every mapped listing of every channel: what its mall shows vs the ledger's sellable quantity.
     * Reads the mappings in one full read and the stock in batches (a 40,000-listing catalogue is a
     * few hundred store calls, not 80,000); stores that cannot list fall back to a read per listing.
     */
    public Map<ListingKey, long[]> differences(List<ListingKey> listings) {
        Map<ListingKey, OptionalLong> sellable = sellableNow(listings);
        Map<ListingKey, long[]> differences = new LinkedHashMap<>();
        for (ListingKey key : listings) {
            OptionalLong shown = channel(key.channelId()).simulator().shownQuantity(key.itemKey());
            // What the channel should show: the ledger's sellable less its low-stock hold-back.
            OptionalLong ledger = sellable.getOrDefault(key, OptionalLong.empty());
            long expected = ledger.isEmpty() ? -1 : channel(key.channelId()).runtime().holdBack().shown(ledger.getAsLong());
            long actual = shown.orElse(-1);
            if (expected != actual) {
                differences.put(key, new long[]{expected, actual});
            }
        }
        return differences;
    }

    private Map<ListingKey, OptionalLong> sellableNow(List<ListingKey> listings) {
        if (listings.size() < 200) {
            return ledger.sellable(listings);
        }
        List<dev.zaiko.domain.Listing> mapped;
        try {
            mapped = store.allListings();
        } catch (UnsupportedOperationException cannotList) {
            return ledger.sellable(listings);
        }
        java.util.Set<ListingKey> wanted = new java.util.HashSet<>(listings);
        Map<ListingKey, dev.zaiko.domain.Listing> byKey = new HashMap<>();
        java.util.Set<String> skus = new java.util.TreeSet<>();
        for (dev.zaiko.domain.Listing listing : mapped) {
            if (wanted.contains(listing.key())) {
                byKey.put(listing.key(), listing);
                skus.addAll(listing.skus());
            }
        }
        Map<String, dev.zaiko.domain.StockLevel> levels = skus.isEmpty() ? Map.of() : store.readStock(skus);
        Map<ListingKey, OptionalLong> sellable = new HashMap<>();
        for (ListingKey key : listings) {
            dev.zaiko.domain.Listing listing = byKey.get(key);
            sellable.put(key, listing == null ? OptionalLong.empty()
                    : OptionalLong.of(dev.zaiko.domain.Sellable.quantity(listing, levels)));
        }
        return sellable;
    }

    /** Messages in the orders queue, visible or being handled (0: the ledger has taken every order event). */
    public int ordersInFlight() {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(ordersQueue.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    // ------------------------------------------------------------------ webhook gateway

    public URI gatewayUrl() {
        return URI.create("http://127.0.0.1:" + gateway.getAddress().getPort());
    }

    public URI webhookUrl(String channelId) {
        return gatewayUrl().resolve("/webhooks/" + channelId);
    }

    /** A webhook URL carrying the channel's secret as its last path segment (Mercari Shops). */
    public URI webhookUrl(String channelId, String pathToken) {
        return gatewayUrl().resolve("/webhooks/" + channelId + "/" + pathToken);
    }

    /** Registers a read-only handler under {@code prefix} on the gateway (admin API, simulator views). */
    public void serve(String prefix, com.sun.net.httpserver.HttpHandler handler) {
        gateway.createContext(prefix, handler);
    }

    /** The same handler class the HTTP API invokes on AWS, over this runtime's webhook channels. */
    public WebhookHandler webhookHandler() {
        Map<String, ChannelRuntime> hooked = new LinkedHashMap<>();
        channels.values().stream().filter(Channel::webhook).forEach(c -> hooked.put(c.id(), c.runtime()));
        return new WebhookHandler(hooked, webhooks);
    }

    /** Turns the HTTP request into the API Gateway v2 event Lambda would get, and answers with its response. */
    private void webhook(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"message\":\"POST only\"}");
                return;
            }
            String rest = exchange.getRequestURI().getPath().substring("/webhooks/".length());
            // /webhooks/{channelId}/{token}: Mercari has no signature, the secret is the URL's last
            // segment, handed to the verifier as x-zaiko-webhook-token (as a proxy in front would).
            int slash = rest.indexOf('/');
            String channelId = slash < 0 ? rest : rest.substring(0, slash);
            Optional<String> pathToken = slash < 0 ? Optional.empty() : Optional.of(rest.substring(slash + 1));
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readNBytes(WebhookService.MAX_BODY_BYTES + 1);
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> {
                if (!v.isEmpty()) {
                    headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
                }
            });
            Map<String, String> pathParameters = new HashMap<>(Map.of("channelId", channelId));
            pathToken.ifPresent(token -> pathParameters.put("token", token));
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withRouteKey(pathToken.isPresent() ? "POST /webhooks/{channelId}/{token}" : "POST /webhooks/{channelId}")
                    .withRawPath(exchange.getRequestURI().getPath())
                    .withPathParameters(pathParameters)
                    .withHeaders(headers)
                    .withBody(Base64.getEncoder().encodeToString(raw))
                    .withIsBase64Encoded(true)
                    .build();
            APIGatewayV2HTTPResponse response = webhookHandler().handleRequest(event, null);
            respond(exchange, response.getStatusCode(), response.getBody());
        } catch (RuntimeException e) {
            System.err.println("webhook failed: " + e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing = true;
        scheduler.shutdown();
        try {
            // a poll in flight should finish before the tables and queues go away under it
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gateway.stop(0);
        notificationRunners.forEach(SqsEventSourceRunner::close);
        ordersRunner.close();
        pushers.close();
        channels.values().forEach(c -> c.simulator().close());
        if (ownsStores) {
            stores.close();
        }
    }
}
