package dev.zaiko.archfixture.config;

/** Architecture-rule fixture: the composition root, which may build adapters. */
public final class Wiring {
    public dev.zaiko.archfixture.adapter.StoreAdapter store() {
        return new dev.zaiko.archfixture.adapter.StoreAdapter();
    }
}
