package dev.zaiko.domain.port;

import java.util.Map;

/** Reads a channel's credentials (a JSON object of strings) from where the seller stored them. */
public interface ChannelSecrets {
    /** @throws IllegalStateException naming the secret (never its content) when it is missing or not a JSON object */
    Map<String, String> read(String secretRef);
}
