package dev.zaiko.archfixture.adapter;

/** Architecture-rule fixture: an adapter. */
public final class StoreAdapter {
}
