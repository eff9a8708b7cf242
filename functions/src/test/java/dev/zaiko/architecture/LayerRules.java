package dev.zaiko.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture rules, as functions of the root package, so the same rules run on the real code
 * ({@code dev.zaiko}) and on a fixture package of deliberately wrong classes
 * ({@code dev.zaiko.archfixture}) that proves each rule can fail.
 */
final class LayerRules {
    private LayerRules() {
    }

    record NamedRule(String name, ArchRule rule) {
    }

    static List<NamedRule> all(String root) {
        return List.of(
                new NamedRule("domain", domainIsPure(root)),
                new NamedRule("app", applicationKnowsNoOuterLayer(root)),
                new NamedRule("handler", handlersKnowNoMallOrAdapter(root)),
                new NamedRule("malls", noMallPackageReachesIntoAnother(root)),
                new NamedRule("instantiation", onlyTheCompositionRootInstantiatesAdapters(root)),
                new NamedRule("services", onlyTheCompositionRootBuildsServices(root)));
    }

    /** Domain: rules, values and ports; no AWS SDK, Jackson, HTTP, mall, adapter or outer layer. */
    static ArchRule domainIsPure(String root) {
        return noClasses().that().resideInAPackage(root + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "com.amazonaws..", "com.fasterxml..", "java.net.http..",
                        "com.sun.net.httpserver..", root + ".adapter..", root + ".channel..", root + ".handler..",
                        root + ".config..", root + ".app..", root + ".admin..")
                .because("the domain knows nothing of AWS, HTTP, JSON or any mall");
    }

    /** Application services: ports only; no composition, admin, handler, adapter, mall or AWS SDK. */
    static ArchRule applicationKnowsNoOuterLayer(String root) {
        return noClasses().that().resideInAPackage(root + ".app..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        root + ".config..", root + ".admin..", root + ".handler..", root + ".adapter..",
                        root + ".channel..", "software.amazon..")
                .because("services are wired by the composition root and talk to the world through ports");
    }

    /** Handlers parse an event, call a service and map the result; they never touch a mall or an adapter. */
    static ArchRule handlersKnowNoMallOrAdapter(String root) {
        return noClasses().that().resideInAPackage(root + ".handler..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".channel..", root + ".adapter..")
                .because("handlers get what they need from the composition root");
    }

    /** Mall details live only in that mall's package; shared plumbing is channel.support. */
    static ArchRule noMallPackageReachesIntoAnother(String root) {
        return SlicesRuleDefinition.slices().matching(root + ".channel.(*)..")
                .should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(),
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(root + ".channel.support.."))
                .allowEmptyShould(false)
                .because("adding a mall must not mean touching another mall");
    }

    /**
     * Store and queue adapters are built by the composition root ({@code config}) only; a mall's
     * adapter classes only by that mall's own package (its factory) or the composition root.
     */
    static ArchRule onlyTheCompositionRootInstantiatesAdapters(String root) {
        DescribedPredicate<JavaConstructorCall> adapterConstructor = new DescribedPredicate<>(
                "a constructor of an adapter (" + root + ".adapter..) called from outside the composition root") {
            @Override
            public boolean test(JavaConstructorCall call) {
                String target = call.getTargetOwner().getPackageName();
                String origin = call.getOriginOwner().getPackageName();
                boolean adapter = target.startsWith(root + ".adapter");
                boolean allowed = origin.startsWith(root + ".config") || origin.startsWith(root + ".adapter");
                return adapter && !allowed;
            }
        };
        return noClasses().should().callConstructorWhere(adapterConstructor)
                .because("one composition root builds every adapter; everything else gets ports");
    }

    /**
     * Application services ({@code app..*Service}) are built by the composition root
     * ({@code config.Composition}) or by other services (the ops facade); handlers and the admin API
     * are handed them, so every runtime shape runs the same wiring.
     */
    static ArchRule onlyTheCompositionRootBuildsServices(String root) {
        DescribedPredicate<JavaConstructorCall> serviceConstructor = new DescribedPredicate<>(
                "a constructor of an application service (" + root + ".app..*Service) called from outside the"
                        + " composition root") {
            @Override
            public boolean test(JavaConstructorCall call) {
                boolean service = call.getTargetOwner().getPackageName().startsWith(root + ".app")
                        && call.getTargetOwner().getSimpleName().endsWith("Service");
                String origin = call.getOriginOwner().getPackageName();
                boolean allowed = origin.startsWith(root + ".config") || origin.startsWith(root + ".app");
                return service && !allowed;
            }
        };
        return noClasses().should().callConstructorWhere(serviceConstructor)
                .because("one composition root builds the services; handlers and the admin API are handed them");
    }
}
