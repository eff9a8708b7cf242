package dev.zaiko.adapter.dynamodb;

import dev.zaiko.schema.Tables;

import java.util.Map;

/** Deployed table names: from the environment in Lambda, with a suffix in tests so test classes never share state. */
public record TableNames(String stock, String listings, String orderLines, String journal, String channels) {

    public static TableNames fromEnvironment(Map<String, String> environment) {
        return new TableNames(
                Tables.STOCK.resolveName(environment),
                Tables.LISTINGS.resolveName(environment),
                Tables.ORDER_LINES.resolveName(environment),
                Tables.JOURNAL.resolveName(environment),
                Tables.CHANNELS.resolveName(environment));
    }

    public static TableNames defaults() {
        return fromEnvironment(Map.of());
    }

    public static TableNames withSuffix(String suffix) {
        return new TableNames(
                Tables.STOCK.defaultName() + suffix,
                Tables.LISTINGS.defaultName() + suffix,
                Tables.ORDER_LINES.defaultName() + suffix,
                Tables.JOURNAL.defaultName() + suffix,
                Tables.CHANNELS.defaultName() + suffix);
    }

    /** Name of the table the schema defines under {@code id}. */
    public String nameOf(String id) {
        return switch (id) {
            case "stock" -> stock;
            case "listings" -> listings;
            case "orderLines" -> orderLines;
            case "journal" -> journal;
            case "channels" -> channels;
            default -> throw new IllegalArgumentException("unknown table id " + id);
        };
    }
}
