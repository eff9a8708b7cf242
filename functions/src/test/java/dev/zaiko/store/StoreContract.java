package dev.zaiko.store;

import dev.zaiko.config.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the per-port contracts: each test gets fresh, empty stores from the lane
 * ({@link #newStores()}), and may open further "containers" on the same data.
 */
public abstract class StoreContract {
    protected Stores stores;
    private final List<Stores> opened = new ArrayList<>();

    /** Fresh, empty stores on this lane's store (the SQL store, DynamoDB on a container or endpoint, ...). */
    protected abstract Stores newStores();

    @BeforeEach
    void openStores() {
        stores = newStores();
    }

    /** Another container's adapters on the same data (own connections, no shared Java state). */
    protected Stores another() {
        Stores other = stores.anotherContainer();
        opened.add(other);
        return other;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Stores::close);
        stores.close();
    }
}
