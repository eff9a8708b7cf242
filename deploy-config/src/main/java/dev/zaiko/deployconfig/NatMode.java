package dev.zaiko.deployconfig;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How channels with {@code fixedIp} reach the internet. {@link #INSTANCE}: one t4g.nano NAT
 * instance with an Elastic IP (about $8/month in Tokyo, a single instance, no automatic
 * fail-over). {@link #GATEWAY}: one managed NAT Gateway with an Elastic IP (about $49/month,
 * managed and highly available within its zone).
 */
public enum NatMode {
    INSTANCE,
    GATEWAY;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NatMode> fromConfigName(String value) {
        return Arrays.stream(values()).filter(m -> m.configName().equals(value)).findFirst();
    }
}
