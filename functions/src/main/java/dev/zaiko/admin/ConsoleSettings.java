package dev.zaiko.admin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the console shows about the deployment itself (GET /admin/settings).
 *
 * @param fixedEgressIp   the Elastic IP the stack's NAT gives fixed-IP channels, to register with those malls
 * @param fixedIpChannels channel ids whose calls go out through it
 * @param environment     "local" or "aws", shown in the console's header
 */
public record ConsoleSettings(Optional<String> fixedEgressIp, List<String> fixedIpChannels, String environment) {
    public static final ConsoleSettings LOCAL = new ConsoleSettings(Optional.empty(), List.of(), "local");

    public ConsoleSettings {
        Objects.requireNonNull(fixedEgressIp, "fixedEgressIp");
        fixedIpChannels = List.copyOf(fixedIpChannels);
        Objects.requireNonNull(environment, "environment");
    }
}
