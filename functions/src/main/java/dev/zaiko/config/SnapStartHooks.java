package dev.zaiko.config;

import dev.zaiko.adapter.dynamodb.TableNames;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SnapStart's runtime hooks (CRaC), registered by the wiring of every handler's Lambda
 * constructor. Before the snapshot it primes the SDK clients (one cheap call each, so class
 * loading, endpoint resolution, signing and JSON marshalling are in the snapshot, not in the
 * first invocation); after each restore it renews what must not be shared between environments
 * restored from one snapshot: the process identity, and every cached setting and credential
 * (they may be hours old, and time-bound).
 *
 * <p>Priming calls may be refused (AccessDenied, a missing item): any SDK error is ignored, the
 * code paths are warm all the same.
 */
public final class SnapStartHooks implements Resource {
    /** CRaC holds resources weakly: keep the registered ones reachable. */
    private static final List<SnapStartHooks> REGISTERED = new CopyOnWriteArrayList<>();
    private static volatile String identity = UUID.randomUUID().toString();

    private final List<Runnable> primers;
    private final List<Runnable> renewals;
    private volatile int primed;

    public SnapStartHooks(List<Runnable> primers, List<Runnable> renewals) {
        this.primers = List.copyOf(primers);
        this.renewals = List.copyOf(renewals);
    }

    /** This execution environment's identity: new after every restore, never shared by two environments. */
    public static String identity() {
        return identity;
    }

    /** Registers the hooks for the clients of {@code wiring} with the global CRaC context. */
    public static SnapStartHooks register(FlowWiring wiring) {
        Objects.requireNonNull(wiring, "wiring");
        TableNames tables = wiring.tables;
        SnapStartHooks hooks = new SnapStartHooks(List.of(
                () -> wiring.dynamo.getItem(r -> r.tableName(tables.channels()).key(Map.of(
                        "channelId", AttributeValue.fromS("__snapstart_priming__"),
                        "entry", AttributeValue.fromS("STATE")))),
                () -> wiring.sqs.getQueueAttributes(r -> r.queueUrl(wiring.queues.ordersQueueUrl())
                        .attributeNamesWithStrings("ApproximateNumberOfMessages")),
                () -> wiring.ssm().getParameter(r -> r.name("/zaiko-snapstart-priming")),
                // the mapper and the order codec are made at first use: make them before the snapshot
                () -> primeJson(wiring)),
                List.of(() -> {
                    if (wiring.environment.containsKey(dev.zaiko.schema.Names.PREFIX_ENV)) {
                        wiring.deployedChannels().forgetCachedState();
                    }
                }));
        REGISTERED.add(hooks);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    /** One order event written and read back: Jackson's databind and the codec in the snapshot. */
    static void primeJson(FlowWiring wiring) {
        var codec = wiring.orderEventCodec();
        codec.fromJson(codec.toJson(new dev.zaiko.domain.OrderEvent("snapstart-priming", "0", "0", "priming", 1,
                dev.zaiko.domain.OrderAction.IGNORE, "", java.time.Instant.EPOCH, dev.zaiko.domain.EventOrigin.POLL)));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        int done = 0;
        for (Runnable primer : primers) {
            try {
                primer.run();
            } catch (SdkException | IllegalStateException ignored) {
                // refused or absent: the client's code paths ran, which is what priming is for
            }
            done++;
        }
        primed = done;
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        identity = UUID.randomUUID().toString();
        renewals.forEach(Runnable::run);
        JsonLog.info("snapstart_restored", "identity", identity);
    }

    /** How many primers ran before the last checkpoint. */
    public int primed() {
        return primed;
    }
}
