package dev.zaiko.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * A global secondary index. Indexes project all attributes: the tables are small per item and
 * the reads that use them (SKU to listings, lines needing action) want the whole item.
 */
public record IndexDef(String name, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
    public IndexDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(sortKey, "sortKey");
    }
}
