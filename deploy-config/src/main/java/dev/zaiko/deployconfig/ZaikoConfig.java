package dev.zaiko.deployconfig;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one config file a seller edits: where to deploy, whom to alert and which channel
 * accounts to sync. Read by the CDK app and by {@code zaiko local up --config}; parse it with
 * {@link ZaikoConfigParser}, which validates every field. {@code monthlyBudgetUsd}: an AWS Budgets
 * alert (actual and forecast cost) to the alert e-mail.
 */
public record ZaikoConfig(String region, String alertEmail, SafetyDefaults safety,
                          List<ChannelConfig> channels, NatMode natMode, boolean deletionProtection,
                          FbaConfig fba, Optional<Integer> monthlyBudgetUsd) {
    public ZaikoConfig {
        Objects.requireNonNull(monthlyBudgetUsd, "monthlyBudgetUsd");
        monthlyBudgetUsd.ifPresent(usd -> {
            if (usd < 1 || usd > 100_000) {
                throw new IllegalArgumentException("monthlyBudgetUsd out of range: " + usd);
            }
        });
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(alertEmail, "alertEmail");
        Objects.requireNonNull(safety, "safety");
        channels = List.copyOf(channels);
        Objects.requireNonNull(natMode, "natMode");
        Objects.requireNonNull(fba, "fba");
        if (fba.enabled() && channels.stream().noneMatch(c -> c.type().equals(MallType.AMAZON))) {
            throw new IllegalArgumentException("fba.enabled needs an amazon channel");
        }
    }

    /** Without FBA. */
    public ZaikoConfig(String region, String alertEmail, SafetyDefaults safety, List<ChannelConfig> channels,
                       NatMode natMode, boolean deletionProtection) {
        this(region, alertEmail, safety, channels, natMode, deletionProtection, FbaConfig.DISABLED);
    }

    /** Without a budget alert. */
    public ZaikoConfig(String region, String alertEmail, SafetyDefaults safety, List<ChannelConfig> channels,
                       NatMode natMode, boolean deletionProtection, FbaConfig fba) {
        this(region, alertEmail, safety, channels, natMode, deletionProtection, fba, Optional.empty());
    }

    public Optional<ChannelConfig> channel(String id) {
        return channels.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public boolean needsFixedIp() {
        return channels.stream().anyMatch(ChannelConfig::fixedIp);
    }

    public List<ChannelConfig> webhookChannels() {
        return channels.stream().filter(ChannelConfig::webhook).toList();
    }

    public List<ChannelConfig> channelsOfType(MallType type) {
        return channels.stream().filter(c -> c.type().equals(type)).toList();
    }
}
