package dev.zaiko.adapter.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.port.ChannelSecrets;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel credentials in SSM Parameter Store: one {@code SecureString} parameter per channel
 * account (standard tier: no monthly charge; encrypted with the AWS-managed key
 * {@code alias/aws/ssm}, whose key policy lets the account's principals decrypt through SSM, so no
 * KMS grant is needed) holding a flat JSON object. Written by {@code zaiko secrets put}.
 */
public final class SsmChannelSecrets implements ChannelSecrets {
    private final SsmClient ssm;
    private final ObjectMapper mapper;

    public SsmChannelSecrets(SsmClient ssm, ObjectMapper mapper) {
        this.ssm = ssm;
        this.mapper = mapper;
    }

    @Override
    public Map<String, String> read(String parameterName) {
        String value;
        try {
            value = ssm.getParameter(r -> r.name(parameterName).withDecryption(true)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new IllegalStateException("credentials parameter " + parameterName
                    + " does not exist: store them with ./zaiko secrets put --channel <id>");
        }
        return parse(mapper, parameterName, value);
    }

    /** A flat JSON object of strings; the message names the parameter, never its content. */
    public static Map<String, String> parse(ObjectMapper mapper, String parameterName, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("credentials parameter " + parameterName + " is empty");
        }
        JsonNode node;
        try {
            node = mapper.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("credentials parameter " + parameterName + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("credentials parameter " + parameterName
                    + " must be a JSON object of strings");
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().isTextual()
                ? e.getValue().asText() : e.getValue().toString()));
        return values;
    }
}
