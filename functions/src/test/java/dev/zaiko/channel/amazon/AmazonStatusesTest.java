package dev.zaiko.channel.amazon;

import dev.zaiko.domain.OrderAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AmazonStatusesTest {

    @ParameterizedTest(name = "{0} by {1} -> {2}")
    @CsvSource({
            "PENDING_AVAILABILITY, MERCHANT, RESERVE",
            "PENDING,              MERCHANT, RESERVE",
            "UNSHIPPED,            MERCHANT, RESERVE",
            "PARTIALLY_SHIPPED,    MERCHANT, RESERVE",
            "SHIPPED,              MERCHANT, RESERVE",
            "CANCELLED,            MERCHANT, CANCEL",
            "UNFULFILLABLE,        MERCHANT, IGNORE",
            "PENDING,              AMAZON,   IGNORE",
            "UNSHIPPED,            AMAZON,   IGNORE",
            "SHIPPED,              AMAZON,   IGNORE",
            "CANCELLED,            AMAZON,   IGNORE",
    })
    void searchOrdersStatus(String status, String fulfilledBy, OrderAction expected) {
        assertThat(AmazonStatuses.forOrder(fulfilledBy, status)).contains(expected);
    }

    @ParameterizedTest(name = "{0} {1} buyerCancel={2} shipped={3} -> {4}")
    @CsvSource({
            "PendingAvailability, MFN, false, 0, RESERVE",
            "Pending,             MFN, false, 0, RESERVE",
            "Unshipped,           MFN, false, 0, RESERVE",
            "PartiallyShipped,    MFN, false, 1, RESERVE",
            "Shipped,             MFN, false, 2, RESERVE",
            "InvoiceUnconfirmed,  MFN, false, 2, RESERVE",
            "Canceled,            MFN, false, 0, CANCEL",
            "Unfulfillable,       MFN, false, 0, IGNORE",
            // Defect 14: a buyer's cancel request is not a cancellation; only Canceled restores.
            "Unshipped,           MFN, true,  0, RESERVE",
            "Pending,             MFN, true,  0, RESERVE",
            "Canceled,            MFN, true,  0, CANCEL",
            "PartiallyShipped,    MFN, true,  1, RESERVE",
            "Shipped,             MFN, true,  0, RESERVE",
            "Unshipped,           AFN, false, 0, IGNORE",
            "Unshipped,           AFN, true,  0, IGNORE",
            "Canceled,            AFN, false, 0, IGNORE",
    })
    void notificationStatus(String status, String type, boolean buyerCancel, int shipped, OrderAction expected) {
        assertThat(AmazonStatuses.forNotification(type, status, buyerCancel, shipped)).contains(expected);
    }

    @Test
    void unknownValuesAreNotGuessed() {
        assertThat(AmazonStatuses.forOrder("MERCHANT", "LOST_IN_SPACE")).isEmpty();
        assertThat(AmazonStatuses.forOrder("SOMEONE", "UNSHIPPED")).isEmpty();
        assertThat(AmazonStatuses.forNotification("MFN", "Unshipped ", false, 0)).isEmpty();
    }
}
