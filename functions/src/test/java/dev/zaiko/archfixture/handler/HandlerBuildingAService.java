package dev.zaiko.archfixture.handler;

/** Deliberately wrong (architecture-rule fixture): a handler building an application service itself. */
public final class HandlerBuildingAService {
    public Object service() {
        return new dev.zaiko.archfixture.app.StockService();
    }
}
