package dev.zaiko.adapter.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.port.ChannelSecrets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Channel credentials in Secrets Manager: one secret per channel account holding a flat JSON object. */
public final class SecretsManagerChannelSecrets implements ChannelSecrets {
    private final SecretsManagerClient secrets;
    private final ObjectMapper mapper;

    public SecretsManagerChannelSecrets(SecretsManagerClient secrets, ObjectMapper mapper) {
        this.secrets = secrets;
        this.mapper = mapper;
    }

    @Override
    public Map<String, String> read(String secretRef) {
        String value = secrets.getSecretValue(r -> r.secretId(secretRef)).secretString();
        return parse(mapper, secretRef, value);
    }

    public static Map<String, String> parse(ObjectMapper mapper, String secretRef, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("secret " + secretRef + " is empty: fill it as the README describes");
        }
        JsonNode node;
        try {
            node = mapper.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("secret " + secretRef + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("secret " + secretRef + " must be a JSON object of strings");
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().isTextual()
                ? e.getValue().asText() : e.getValue().toString()));
        return values;
    }
}
