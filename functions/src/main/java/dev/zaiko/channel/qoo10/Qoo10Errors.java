package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.channel.PushStatus;

import java.util.Map;
import java.util.Set;

/**
 * QAPI ResultCodes and what they mean for us, as one table. Codes from the crawled QSM spec pages
 * (GetClaimInfo_V3, SetGoodsPriceQtyBulk, GetItemDetailInfo "Result Codes").
 */
public final class Qoo10Errors {
    private Qoo10Errors() {
    }

    public static final int SUCCESS = 0;
    /** SetGoodsPriceQtyBulk: at least one line failed, the others were applied. */
    public static final int PARTIAL_SUCCESS = -1;
    /** "Seller authorization key is expired. Use a new key." */
    public static final Set<Integer> SAK_EXPIRED = Set.of(-90004, -90005);
    /** GetItemDetailInfo: "Fail to find Item information with 'ItemCode','SellerCode'." */
    public static final int ITEM_NOT_FOUND = -10001;

    private static final Map<Integer, PushStatus> TABLE = Map.ofEntries(
            // "Please check the Seller Authorization Key." - the key is wrong or revoked
            Map.entry(-10000, PushStatus.AUTH),
            // "The API does not exist": wrong method or version, a fault on our side; retrying cannot help
            Map.entry(-90001, PushStatus.REJECTED),
            // "You are not authorized for this."
            Map.entry(-90002, PushStatus.AUTH),
            Map.entry(-90003, PushStatus.AUTH),
            // SAK expired: re-issued once from userId/password when the secret has them, else AUTH
            Map.entry(-90004, PushStatus.AUTH),
            Map.entry(-90005, PushStatus.AUTH),
            // "Processing Error - [message]": Qoo10's side failed; try again later
            Map.entry(-10101, PushStatus.RETRY),
            // item / seller not found, bad search dates, window over 90 days, over 500 lines
            Map.entry(-10001, PushStatus.REJECTED),
            Map.entry(-10002, PushStatus.REJECTED),
            Map.entry(-10003, PushStatus.REJECTED),
            Map.entry(-2, PushStatus.REJECTED));

    /** Any other non-zero code is REJECTED with Qoo10's own code and message kept for the seller. */
    public static PushStatus classify(int resultCode) {
        if (resultCode == SUCCESS) {
            return PushStatus.OK;
        }
        return TABLE.getOrDefault(resultCode, PushStatus.REJECTED);
    }

    /** For HTTP answers without a readable envelope. */
    public static PushStatus classifyHttp(int httpStatus) {
        if (httpStatus == 429 || httpStatus >= 500) {
            return PushStatus.RETRY;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return PushStatus.AUTH;
        }
        return PushStatus.REJECTED;
    }
}
