package dev.zaiko.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixtureLocatorTest {
    @Test
    void findsTheSharedFixturesBesideTheRepositoryAndReadsThemUnchanged() {
        assertThat(FixtureLocator.root()).isPresent();
        assertThat(FixtureLocator.bytes("yahoo/setStock-response-t4traw.xml")).hasSize(239);
    }

    @Test
    void aMissingFixtureIsAClearErrorNamingItAndHowToPointAtTheFolder() {
        assertThat(FixtureLocator.find("yahoo/no-such-file.xml")).isEmpty();
        assertThatThrownBy(() -> FixtureLocator.read("yahoo/no-such-file.xml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("yahoo/no-such-file.xml")
                .hasMessageContaining("-D" + FixtureLocator.PROPERTY);
    }
}
