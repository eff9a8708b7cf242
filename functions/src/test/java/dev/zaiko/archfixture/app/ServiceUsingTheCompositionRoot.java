package dev.zaiko.archfixture.app;

/** Deliberately wrong (architecture-rule fixture): a service reaching for the composition root. */
public final class ServiceUsingTheCompositionRoot {
    private final dev.zaiko.archfixture.config.Wiring wiring = new dev.zaiko.archfixture.config.Wiring();

    public Object wiring() {
        return wiring;
    }
}
