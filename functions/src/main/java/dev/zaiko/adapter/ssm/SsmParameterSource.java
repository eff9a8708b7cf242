package dev.zaiko.adapter.ssm;

import dev.zaiko.config.DeployedChannels;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Channel config parameters from SSM Parameter Store (standard parameters: reads are free). */
public final class SsmParameterSource implements DeployedChannels.ParameterSource {
    private final SsmClient ssm;

    public SsmParameterSource(SsmClient ssm) {
        this.ssm = ssm;
    }

    @Override
    public Optional<String> get(String name) {
        try {
            return Optional.of(ssm.getParameter(r -> r.name(name)).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, String> byPath(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        ssm.getParametersByPathPaginator(r -> r.path(path).recursive(true).withDecryption(false))
                .forEach(page -> page.parameters().forEach(p -> {
                    // credentials are SecureString and not decrypted here: only the String config ones count
                    if (p.type() == ParameterType.STRING) {
                        out.put(p.name(), p.value());
                    }
                }));
        return out;
    }
}
