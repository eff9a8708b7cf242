package dev.zaiko.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A mall item mapped to master SKUs. One component is a normal item; several make a set
 * (セット商品), which is sold all or nothing.
 *
 * @param version increases on every remapping; ledger writes check it, so a cached mapping that
 *                went stale is caught inside the same transaction
 */
public record Listing(ListingKey key, List<Component> components, long version) {
    public static final int MAX_COMPONENTS = 20;

    public Listing {
        Objects.requireNonNull(key, "key");
        components = List.copyOf(components);
        if (components.isEmpty() || components.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("listing " + key + " needs 1-" + MAX_COMPONENTS + " components");
        }
        Set<String> seen = new HashSet<>();
        for (Component component : components) {
            if (!seen.add(component.sku())) {
                throw new IllegalArgumentException("listing " + key + " names sku " + component.sku() + " twice");
            }
        }
    }

    public List<String> skus() {
        return components.stream().map(Component::sku).toList();
    }

    public boolean isSet() {
        return components.size() > 1 || components.get(0).units() > 1;
    }

    /** Same components and units, whatever the version: used to tell a remap from a repeat. */
    public boolean sameMappingAs(Listing other) {
        return Set.copyOf(components).equals(Set.copyOf(other.components));
    }
}
