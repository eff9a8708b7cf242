package dev.zaiko.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SharedFixturesTest {
    @Test
    void findsTheFolderBesideAParentOfTheWorkingDirectory(@TempDir Path tmp) throws IOException {
        Path fixtures = Files.createDirectories(tmp.resolve("shared/fixtures"));
        Path module = Files.createDirectories(tmp.resolve("repo/functions"));
        assertThat(SharedFixtures.find(null, module)).contains(fixtures);
    }

    @Test
    void findsTheFolderInsideTheWorkingDirectory(@TempDir Path tmp) throws IOException {
        Path fixtures = Files.createDirectories(tmp.resolve("repo/shared/fixtures"));
        assertThat(SharedFixtures.find("", tmp.resolve("repo"))).contains(fixtures);
    }

    @Test
    void aConfiguredFolderWinsAndAMissingOneIsNotGuessedAround(@TempDir Path tmp) throws IOException {
        Path configured = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(tmp.resolve("shared/fixtures"));
        Path module = Files.createDirectories(tmp.resolve("repo"));
        assertThat(SharedFixtures.find(configured.toString(), module)).contains(configured);
        assertThat(SharedFixtures.find(tmp.resolve("missing").toString(), module)).isEmpty();
    }

    @Test
    void theRealFixturesAreFoundFromThisModule() {
        assertThat(SharedFixtures.path("README.md")).isRegularFile();
        assertThat(SharedFixtures.read("README.md")).isNotBlank();
    }
}
