package dev.zaiko.adapter.dynamodb;

import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.DynamoTarget;
import dev.zaiko.support.dynamo.OnDynamoLane;

/** The reverse-item backfill on DynamoDB at {@code AWS_ENDPOINT_URL}; skipped with the reason when it is not set. */
@OnDynamoLane(DynamoLane.ENDPOINT)
class ReverseItemsBackfillEndpointIT extends ReverseItemsBackfillContract {
    @Override
    DynamoTarget target() {
        return DynamoLane.ENDPOINT.target();
    }
}
