package dev.zaiko.store;

import dev.zaiko.config.SqlStores;
import dev.zaiko.config.Stores;
import org.junit.jupiter.api.Nested;

import java.time.Clock;

/** Lane 1: every store port's contract on the embedded SQL store (a fresh SQLite file per test). */
class SqlStoreContractsIT {
    static Stores fresh() {
        return SqlStores.temporary(Clock.systemUTC());
    }

    @Nested
    class ChannelStatesOnSql extends ChannelStatesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingPushLogOnSql extends ListingPushLogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class OpenOrdersOnSql extends OpenOrdersContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class FbaSourcesOnSql extends FbaSourcesContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ReconcileReportsOnSql extends ReconcileReportsContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class RejectedOrdersOnSql extends RejectedOrdersContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class ListingCatalogOnSql extends ListingCatalogContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }

    @Nested
    class StockLedgerOnSql extends StockLedgerContract {
        @Override
        protected Stores newStores() {
            return fresh();
        }
    }
}
