package dev.zaiko.local;

import dev.zaiko.domain.port.ChannelSecrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Channel credentials held in memory for the local runtime (on AWS: Secrets Manager). */
public final class LocalSecrets implements ChannelSecrets {
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    public void put(String secretRef, Map<String, String> values) {
        secrets.put(secretRef, Map.copyOf(values));
    }

    @Override
    public Map<String, String> read(String secretRef) {
        Map<String, String> values = secrets.get(secretRef);
        if (values == null) {
            throw new IllegalStateException("secret " + secretRef + " does not exist");
        }
        return values;
    }
}
