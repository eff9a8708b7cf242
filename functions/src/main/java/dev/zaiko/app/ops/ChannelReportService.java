package dev.zaiko.app.ops;

import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.channel.CredentialStatus;
import dev.zaiko.domain.port.ChannelDirectory;
import dev.zaiko.domain.port.ChannelStates;
import dev.zaiko.domain.port.StockLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Each channel's health, cursor, queue and credential expiry; and the order lines a seller must act on. */
public final class ChannelReportService {
    /**
     * @param daysLeft     whole days until it expires (negative: expired), when the mall says when
     * @param needsRenewal within {@link CredentialStatus#WARN_AHEAD} of expiring, or past it
     */
    public record CredentialRow(String name, Optional<Instant> expiresAt, Optional<Long> daysLeft,
                                boolean needsRenewal, String renewal) {
    }

    /** {@code problem}: why the adapter (and so its credential dates) could not be built; never a secret. */
    /**
     * {@code queueDepth}/{@code deadLetters}: the push backlog, what the pusher has still to write
     * (a mall that is down keeps it growing; nothing is lost) and what needs a person (-1: unknown).
     */
    public record ChannelRow(String id, String type, ChannelState state, int queueDepth,
                             List<CredentialRow> credentials, Optional<String> problem, int deadLetters) {
        public ChannelRow(String id, String type, ChannelState state, int queueDepth, List<CredentialRow> credentials,
                          Optional<String> problem) {
            this(id, type, state, queueDepth, credentials, problem, -1);
        }

        public List<String> warnings() {
            List<String> warnings = new ArrayList<>();
            credentials.stream().filter(CredentialRow::needsRenewal).forEach(c -> warnings.add(c.name()
                    + (c.daysLeft().orElse(0L) < 0 ? " has expired" : " expires in " + c.daysLeft().orElse(0L)
                    + " days") + ": " + c.renewal()));
            problem.ifPresent(warnings::add);
            return warnings;
        }
    }

    private final ChannelDirectory channels;
    private final ChannelStates states;
    private final StockLedger store;
    private final RejectedLookup rejected;
    private final Clock clock;

    /** A channel's quarantined orders, newest first ({@link dev.zaiko.domain.port.RejectedOrders#rejected}). */
    @FunctionalInterface
    public interface RejectedLookup {
        List<dev.zaiko.domain.RejectedOrder> rejected(String channelId, int limit);
    }

    public ChannelReportService(ChannelDirectory channels, ChannelStates states, StockLedger store, Clock clock) {
        this(channels, states, store, (channelId, limit) -> List.of(), clock);
    }

    public ChannelReportService(ChannelDirectory channels, ChannelStates states, StockLedger store,
                                RejectedLookup rejected, Clock clock) {
        this.channels = channels;
        this.states = states;
        this.store = store;
        this.rejected = rejected;
        this.clock = clock;
    }

    /** Orders the malls sent that could not be normalised, every channel, newest first, at most {@code limit}. */
    public List<dev.zaiko.domain.RejectedOrder> rejectedOrders(int limit) {
        int bounded = Math.max(1, Math.min(limit, 10_000));
        List<dev.zaiko.domain.RejectedOrder> all = new ArrayList<>();
        for (ChannelDirectory.Entry entry : channels.channels()) {
            all.addAll(rejected.rejected(entry.id(), bounded));
        }
        all.sort(java.util.Comparator.comparing(dev.zaiko.domain.RejectedOrder::rejectedAt).reversed()
                .thenComparing(dev.zaiko.domain.RejectedOrder::channelId)
                .thenComparing(dev.zaiko.domain.RejectedOrder::orderId));
        return all.size() > bounded ? List.copyOf(all.subList(0, bounded)) : all;
    }

    public List<ChannelRow> channels() {
        Instant now = clock.instant();
        List<ChannelRow> rows = new ArrayList<>();
        for (ChannelDirectory.Entry entry : channels.channels().stream()
                .sorted(java.util.Comparator.comparing(ChannelDirectory.Entry::id)).toList()) {
            List<CredentialRow> credentials = new ArrayList<>();
            Optional<String> problem = Optional.empty();
            try {
                for (CredentialStatus status : channels.adapter(entry.id()).credentials()) {
                    credentials.add(new CredentialRow(status.name(), status.expiresAt(),
                            status.expiresAt().map(at -> Math.floorDiv(Duration.between(now, at).toHours(), 24)),
                            status.needsRenewal(now), status.renewal()));
                }
            } catch (RuntimeException e) {
                problem = Optional.of("adapter unavailable: " + e.getMessage());
            }
            rows.add(new ChannelRow(entry.id(), entry.type(), states.get(entry.id()),
                    channels.pushQueueDepth(entry.id()), credentials, problem,
                    channels.pushDeadLetterDepth(entry.id())));
        }
        return rows;
    }

    public List<OrderLine> orders(LineState state, int limit) {
        if (!state.needsAttention()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "state must be OVERSOLD or UNMAPPED (got "
                    + state + ")");
        }
        return store.linesNeedingAttention(state, Math.max(1, Math.min(limit, 10_000)));
    }
}
