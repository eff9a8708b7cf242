package dev.zaiko.store;

import dev.zaiko.config.Stores;
import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.OnDynamoLane;
import org.junit.jupiter.api.Nested;

/**
 * Lane 2: every store port's contract on DynamoDB in a container (Floci by default, LocalStack with
 * {@code LOCALSTACK_AUTH_TOKEN} or {@code ZAIKO_CONTAINER=localstack}); each test skipped with the reason when no
 * Docker engine is reachable.
 */
@OnDynamoLane(DynamoLane.CONTAINER)
class DynamoStoreContractsContainerIT {
    static Stores fresh() {
        return DynamoLane.CONTAINER.target().freshStores();
    }

    @Nested
    class ChannelStatesOnContainer extends ChannelStatesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingPushLogOnContainer extends ListingPushLogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class OpenOrdersOnContainer extends OpenOrdersContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class FbaSourcesOnContainer extends FbaSourcesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ReconcileReportsOnContainer extends ReconcileReportsContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingCatalogOnContainer extends ListingCatalogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class StockLedgerOnContainer extends StockLedgerContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }
}
