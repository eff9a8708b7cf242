package dev.zaiko.schema;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-channel names derived in one place, and the mall facts file read strictly. */
class NamesAndFactsTest {
    @Test
    void channelNamesShareOneSuffixRule() {
        assertThat(Names.envSuffix("rakuten-main")).isEqualTo("RAKUTEN_MAIN");
        assertThat(Queues.push("rakuten-main").urlEnvVar()).isEqualTo("PUSH_QUEUE_URL_RAKUTEN_MAIN");
        QueueDef local = Queues.spApiNotifications("amazon-jp");
        assertThat(local).isEqualTo(new QueueDef("spapi-amazon-jp", "zaiko-spapi-amazon-jp",
                "SPAPI_QUEUE_URL_AMAZON_JP", 180, 5, 4 * 24 * 3600));
    }

    @Test
    void theEightMallsAreReadInTheirOrder() {
        assertThat(MallFacts.types()).containsExactly("amazon", "rakuten", "yahoo", "shopify", "mercari", "qoo10",
                "aupay", "makeshop");
        assertThat(MallFacts.of("yahoo")).hasValueSatisfying(y -> {
            assertThat(y.fixedIp()).isTrue();
            assertThat(y.pollMinimumSeconds()).hasValue(60);
        });
    }

    @Test
    void aSecondDefinitionOfATypeOrAnUnknownFactIsRefusedNamingIt(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path file = dir.resolve(MallFacts.RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "rakuten.order=2\nrakuten.name.ja=x\nrakuten.name.en=x\nrakuten.orderWebhook=false\n"
                + "rakuten.fixedIp=false\nrakuten.rateLimits=x\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> MallFacts.all(loader)).hasMessageContaining("mall type rakuten is defined twice");
        }
        Files.writeString(file, "newmall.order=9\nnewmall.name.ja=x\nnewmall.name.en=x\nnewmall.orderWebhook=no\n"
                + "newmall.fixedIp=true\nnewmall.rateLimits=x\nnewmall.colour=red\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> MallFacts.all(loader)).hasMessageContaining("newmall.colour is not a mall fact");
        }
        Files.writeString(file, "newmall.order=9\nnewmall.name.ja=x\nnewmall.name.en=x\nnewmall.orderWebhook=false\n"
                + "newmall.fixedIp=true\nnewmall.rateLimits=x\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> MallFacts.all(loader)).hasMessageContaining("newmall.fixedIpNote: missing");
        }
    }
}
