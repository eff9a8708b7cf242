package dev.zaiko.archfixture.handler;

/** Deliberately wrong (architecture-rule fixture): a handler building an adapter itself. */
public final class HandlerBuildingAnAdapter {
    public Object store() {
        return new dev.zaiko.archfixture.adapter.StoreAdapter();
    }
}
