package dev.zaiko.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

/** Small helpers to build and read DynamoDB attribute values without noise. */
final class Attr {
    private Attr() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue numberMap(Map<String, Long> values) {
        java.util.Map<String, AttributeValue> map = new java.util.TreeMap<>();
        values.forEach((k, v) -> map.put(k, n(v)));
        return AttributeValue.fromM(map);
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("item has no string attribute " + name + ": " + item.keySet());
        }
        return value.s();
    }

    static Optional<String> optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("item has no number attribute " + name + ": " + item.keySet());
        }
        return Long.parseLong(value.n());
    }

    static long number(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Long.parseLong(value.n());
    }

    static Map<String, Long> numberMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        java.util.Map<String, Long> result = new java.util.TreeMap<>();
        value.m().forEach((k, v) -> result.put(k, Long.parseLong(v.n())));
        return result;
    }
}
