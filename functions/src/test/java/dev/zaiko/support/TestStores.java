package dev.zaiko.support;

import dev.zaiko.config.DynamoDbStores;
import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
import dev.zaiko.adapter.dynamodb.TableNames;
import dev.zaiko.embedded.TestAws;

import java.time.Clock;

/** Fresh, empty stores for one test on the target's store. */
public final class TestStores {
    private TestStores() {
    }

    /**
     * The embedded SQL store (a temporary SQLite file) by default; fresh DynamoDB tables when the
     * target has DynamoDB ({@code AWS_ENDPOINT_URL}, a container lane).
     */
    public static Stores fresh(TestAws aws, Clock clock) {
        if (aws.dynamo().isPresent()) {
            String suffix = TestAws.freshSuffix();
            aws.createTables(suffix);
            return new DynamoDbStores(aws.dynamo().get(), TableNames.withSuffix(suffix), clock);
        }
        return SqlStores.temporary(clock);
    }
}
