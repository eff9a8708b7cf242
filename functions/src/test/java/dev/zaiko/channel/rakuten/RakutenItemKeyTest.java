package dev.zaiko.channel.rakuten;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RakutenItemKeyTest {

    @Test
    void manageNumberIsLowerCasedVariantIdKeepsItsCase() {
        RakutenItemKey key = RakutenItemKey.parse("ABC-001:Red_L").orElseThrow();

        assertThat(key.manageNumber()).isEqualTo("abc-001");
        assertThat(key.variantId()).isEqualTo("Red_L");
        assertThat(key.canonical()).isEqualTo("abc-001:Red_L");
        assertThat(RakutenItemKey.parse("abc-001:red_L").orElseThrow()).isNotEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-colon", "a:b:c", ":v", "m:", "m n:v", "m:v/1", "123456789012345678901234567890123:v"})
    void textThatCannotBeARakutenSkuIsRefused(String text) {
        assertThat(RakutenItemKey.parse(text)).isEmpty();
    }

    @Test
    void licenseExpiryWithoutZoneIsJst() {
        assertThat(RakutenLicense.parseExpiry("2026-11-28T23:59:59")).isEqualTo(Instant.parse("2026-11-28T14:59:59Z"));
        assertThat(RakutenLicense.parseExpiry("2026-11-28T23:59:59+09:00"))
                .isEqualTo(Instant.parse("2026-11-28T14:59:59Z"));
    }

    @Test
    void orderTimesInRmsFormatAreRead() {
        assertThat(RakutenOrderSource.parseTime("2017-11-17T10:00:00+0900", "o-1"))
                .isEqualTo(Instant.parse("2017-11-17T01:00:00Z"));
        assertThat(RakutenOrderSource.parseTime("2017-11-17T10:00:00+09:00", "o-1"))
                .isEqualTo(Instant.parse("2017-11-17T01:00:00Z"));
    }
}
