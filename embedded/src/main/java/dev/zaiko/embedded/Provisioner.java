package dev.zaiko.embedded;

import dev.zaiko.schema.IndexDef;
import dev.zaiko.schema.KeyAttribute;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.schema.TableDef;
import dev.zaiko.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the tables and queues of the schema module through the real AWS APIs, the way the CDK
 * stack declares them: same keys, indexes, TTL attribute, DLQs and redrive policies. Used by the
 * test bed and the local runtime; on AWS, CloudFormation does this from the same definitions.
 */
public final class Provisioner {
    private Provisioner() {
    }

    /** Creates every table with {@code suffix} appended to its default name; returns table id to name. */
    public static Map<String, String> createTables(DynamoDbClient dynamo, String suffix) {
        Map<String, String> names = new LinkedHashMap<>();
        for (TableDef table : Tables.ALL) {
            String name = table.defaultName() + suffix;
            createTable(dynamo, table, name);
            names.put(table.id(), name);
        }
        return names;
    }

    public static void createTable(DynamoDbClient dynamo, TableDef table, String name) {
        try {
            dynamo.createTable(createTableRequest(table, name));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(name));
        table.ttlAttribute().ifPresent(ttl -> dynamo.updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(s -> s.attributeName(ttl).enabled(true))));
    }

    /** The CreateTable request of one schema table: keys, on-demand billing, every index projecting all. */
    public static CreateTableRequest createTableRequest(TableDef table, String name) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (KeyAttribute key : table.keyAttributes()) {
            attributes.add(AttributeDefinition.builder().attributeName(key.name())
                    .attributeType(ScalarAttributeType.fromValue(key.type().dynamoCode())).build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(table.partitionKey(), table.sortKey().orElse(null)));
        if (!table.globalIndexes().isEmpty()) {
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (IndexDef index : table.globalIndexes()) {
                indexes.add(GlobalSecondaryIndex.builder()
                        .indexName(index.name())
                        .keySchema(keySchema(index.partitionKey(), index.sortKey().orElse(null)))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build());
            }
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute partition, KeyAttribute sort) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build());
        if (sort != null) {
            keys.add(KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build());
        }
        return keys;
    }

    /** A queue and its DLQ with the schema's redrive policy; returns the queue URLs. */
    public record QueueUrls(String queueUrl, String dlqUrl) {
    }

    public static QueueUrls createQueue(SqsClient sqs, QueueDef queue, String suffix) {
        String dlqUrl = sqs.createQueue(r -> r.queueName(queue.dlqName() + suffix)
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                        Integer.toString(QueueDef.DLQ_RETENTION_SECONDS)))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                + queue.maxReceiveCount() + "\"}";
        String queueUrl = sqs.createQueue(r -> r.queueName(queue.defaultName() + suffix).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(queue.retentionSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        return new QueueUrls(queueUrl, dlqUrl);
    }
}
