package dev.zaiko.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.deployconfig.ChannelConfig;
import dev.zaiko.deployconfig.MallType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsCommandTest {
    @TempDir
    Path dir;

    @Test
    void asksForTheKeysOfTheMallAndRepeatsARequiredOneLeftEmpty() throws Exception {
        List<String> prompts = new ArrayList<>();
        List<String> answers = new ArrayList<>(List.of("", "secret-1", "license-2"));
        Map<String, String> values = SecretsCommand.collect(new ChannelConfig("rakuten-main", MallType.RAKUTEN, 60,
                false, "s", false), p -> {
            prompts.add(p);
            return answers.remove(0).toCharArray();
        }, dir.resolve("cdk.context.json"), false);

        assertThat(values).containsExactly(Map.entry("serviceSecret", "secret-1"), Map.entry("licenseKey", "license-2"));
        assertThat(prompts).hasSize(3).allSatisfy(p -> assertThat(p).doesNotContain("secret-1"));
    }

    @Test
    void aRequiredKeyLeftEmptyThreeTimesIsRefused() {
        assertThatThrownBy(() -> SecretsCommand.collect(new ChannelConfig("rakuten-main", MallType.RAKUTEN, 60,
                false, "s", false), p -> new char[0], dir.resolve("cdk.context.json"), false))
                .hasMessage("serviceSecret is required for rakuten");
    }

    @Test
    void mercariGetsA256BitPathTokenKeptInTheCdkContextUntilRotated() throws Exception {
        ChannelConfig mercari = new ChannelConfig("mercari-shops", MallType.MERCARI, 60, true, "s", true);
        Path context = dir.resolve("cdk.context.json");

        Map<String, String> first = SecretsCommand.collect(mercari, p -> "x".toCharArray(), context, false);
        Map<String, String> again = SecretsCommand.collect(mercari, p -> "x".toCharArray(), context, false);
        Map<String, String> rotated = SecretsCommand.collect(mercari, p -> "x".toCharArray(), context, true);

        String token = first.get("webhookToken");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(again.get("webhookToken")).isEqualTo(token);
        assertThat(rotated.get("webhookToken")).isNotEqualTo(token);
        assertThat(new ObjectMapper().readTree(context.toFile()).get("zaiko:webhookToken:mercari-shops").asText())
                .isEqualTo(rotated.get("webhookToken"));
    }
}
