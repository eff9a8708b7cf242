package dev.zaiko.support.dynamo;

import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.schema.TableDef;
import dev.zaiko.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates the schema module's tables through the DynamoDB API, as the CDK stack declares them (same
 * keys, indexes with ALL projection, on-demand billing, TTL attribute). A copy of the embedded test
 * bed's provisioning, kept here so the DynamoDB lanes do not depend on the embedded module, which is
 * being replaced by an SQL store.
 *
 * <p>Unlike the test bed, an existing table is an error, not a table to reuse: on a shared endpoint
 * or a real account a name clash means another run's data, and a lane must never test on that.
 */
public final class DynamoTables {
    private DynamoTables() {
    }

    /** Creates every table as {@code prefix + defaultName + suffix} and waits until each is ACTIVE. */
    public static TableNames create(DynamoDbClient dynamo, String prefix, String suffix) {
        Map<String, String> names = new LinkedHashMap<>();
        for (TableDef table : Tables.ALL) {
            String name = prefix + table.defaultName() + suffix;
            dynamo.createTable(request(table, name));
            names.put(table.id(), name);
        }
        for (TableDef table : Tables.ALL) {
            String name = names.get(table.id());
            dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
            table.ttlAttribute().ifPresent(ttl -> dynamo.updateTimeToLive(r -> r.tableName(name)
                    .timeToLiveSpecification(s -> s.attributeName(ttl).enabled(true))));
        }
        return new TableNames(names.get(Tables.STOCK.id()), names.get(Tables.LISTINGS.id()),
                names.get(Tables.ORDER_LINES.id()), names.get(Tables.JOURNAL.id()), names.get(Tables.CHANNELS.id()));
    }

    /** The schema's CreateTable request (the one the embedded provisioner sends), under {@code name}. */
    static CreateTableRequest request(TableDef table, String name) {
        return dev.zaiko.embedded.Provisioner.createTableRequest(table, name);
    }
}
