package dev.zaiko.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One DynamoDB table as every part of the system sees it: the CDK stack creates it from this,
 * the embedded test bed and the local runtime provision it from this, and the Lambda code
 * finds its deployed name through {@link #nameEnvVar()}.
 *
 * @param id          short stable id used in construct ids and logs ("stock")
 * @param defaultName the table name used locally and in tests
 * @param nameEnvVar  environment variable that carries the deployed name to a Lambda
 * @param ttlAttribute epoch-seconds attribute DynamoDB expires items by, if any
 */
public record TableDef(
        String id,
        String defaultName,
        String nameEnvVar,
        KeyAttribute partitionKey,
        Optional<KeyAttribute> sortKey,
        List<IndexDef> globalIndexes,
        Optional<String> ttlAttribute) {

    public TableDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(defaultName, "defaultName");
        Objects.requireNonNull(nameEnvVar, "nameEnvVar");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(sortKey, "sortKey");
        globalIndexes = List.copyOf(globalIndexes);
        Objects.requireNonNull(ttlAttribute, "ttlAttribute");
    }

    /** Every attribute that appears in a key of the table or of one of its indexes, once each. */
    public List<KeyAttribute> keyAttributes() {
        Map<String, KeyAttribute> byName = new LinkedHashMap<>();
        byName.put(partitionKey.name(), partitionKey);
        sortKey.ifPresent(k -> byName.put(k.name(), k));
        for (IndexDef index : globalIndexes) {
            byName.putIfAbsent(index.partitionKey().name(), index.partitionKey());
            index.sortKey().ifPresent(k -> byName.putIfAbsent(k.name(), k));
        }
        return new ArrayList<>(byName.values());
    }

    public IndexDef index(String name) {
        return globalIndexes.stream()
                .filter(i -> i.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + id + " has no index " + name));
    }

    /** The name to use at run time: the environment's value when set, else the local default. */
    public String resolveName(Map<String, String> environment) {
        String configured = environment.get(nameEnvVar);
        return configured == null || configured.isBlank() ? defaultName : configured;
    }
}
