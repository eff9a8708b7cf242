package dev.zaiko.adapter.dynamodb;

import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.DynamoTarget;
import dev.zaiko.support.dynamo.OnDynamoLane;

/** The reverse-item backfill on DynamoDB in a container; skipped with the reason when no Docker engine is reachable. */
@OnDynamoLane(DynamoLane.CONTAINER)
class ReverseItemsBackfillContainerIT extends ReverseItemsBackfillContract {
    @Override
    DynamoTarget target() {
        return DynamoLane.CONTAINER.target();
    }
}
