package dev.zaiko.archfixture.config;

/** Architecture-rule fixture: the composition root, which may build adapters and services. */
public final class Wiring {
    public dev.zaiko.archfixture.adapter.StoreAdapter store() {
        return new dev.zaiko.archfixture.adapter.StoreAdapter();
    }

    public dev.zaiko.archfixture.app.StockService service() {
        return new dev.zaiko.archfixture.app.StockService();
    }
}
