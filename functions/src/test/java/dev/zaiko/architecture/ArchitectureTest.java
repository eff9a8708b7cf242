package dev.zaiko.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layer rules on the compiled main classes (fully qualified names and static imports included,
 * which a grep of import lines misses), and on {@code dev.zaiko.archfixture}, where one deliberately
 * wrong class per rule proves the rule fails when broken.
 */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.zaiko");
    static final JavaClasses FIXTURE = new ClassFileImporter().importPackages("dev.zaiko.archfixture");

    @Test
    void theMainCodeHasEveryLayerTheRulesTalkAbout() {
        for (String layer : new String[]{"domain", "app", "handler", "adapter", "config", "channel", "admin"}) {
            assertThat(MAIN.stream().filter(c -> c.getPackageName().startsWith("dev.zaiko." + layer)).count())
                    .as("classes in dev.zaiko.%s", layer).isGreaterThan(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"domain", "app", "handler", "malls", "instantiation", "services"})
    void theMainCodeKeepsTheRule(String name) {
        EvaluationResult result = rule("dev.zaiko", name).evaluate(MAIN);
        assertThat(result.getFailureReport().getDetails()).as(name).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"domain", "app", "handler", "malls", "instantiation", "services"})
    void eachRuleFailsOnItsDeliberatelyWrongFixtureClass(String name) {
        EvaluationResult result = rule("dev.zaiko.archfixture", name).evaluate(FIXTURE);
        assertThat(result.hasViolation()).as(name).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .as(name).contains(WRONG_CLASS.get(name));
    }

    static final java.util.Map<String, String> WRONG_CLASS = java.util.Map.of(
            "domain", "archfixture.domain.DomainUsingJackson",
            "app", "archfixture.app.ServiceUsingTheCompositionRoot",
            "handler", "archfixture.handler.HandlerUsingAMall",
            "malls", "archfixture.channel.alpha.AlphaUsingBeta",
            "instantiation", "archfixture.handler.HandlerBuildingAnAdapter",
            "services", "archfixture.handler.HandlerBuildingAService");

    private static com.tngtech.archunit.lang.ArchRule rule(String root, String name) {
        return LayerRules.all(root).stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().rule();
    }
}
