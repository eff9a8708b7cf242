package dev.zaiko.store;

import dev.zaiko.config.Stores;
import dev.zaiko.support.dynamo.DynamoLane;
import dev.zaiko.support.dynamo.OnDynamoLane;
import org.junit.jupiter.api.Nested;

/**
 * Lane 3: every store port's contract on DynamoDB at {@code AWS_ENDPOINT_URL}; each test skipped with the
 * reason when it is not set. Tables are deleted when the run ends.
 */
@OnDynamoLane(DynamoLane.ENDPOINT)
class DynamoStoreContractsEndpointIT {
    static Stores fresh() {
        return DynamoLane.ENDPOINT.target().freshStores();
    }

    @Nested
    class ChannelStatesOnEndpoint extends ChannelStatesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingPushLogOnEndpoint extends ListingPushLogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class OpenOrdersOnEndpoint extends OpenOrdersContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class FbaSourcesOnEndpoint extends FbaSourcesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ReconcileReportsOnEndpoint extends ReconcileReportsContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingCatalogOnEndpoint extends ListingCatalogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class StockLedgerOnEndpoint extends StockLedgerContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }
}
