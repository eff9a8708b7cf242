package dev.zaiko.channel.aupay;

import java.time.Duration;
import java.util.Set;

/**
 * Every detail of the au PAY Market (Wowma) Shop API that no public primary source confirms, in
 * ONE place: the official specification PDF is shop-login only ({@code channels.md} section 7).
 *
 * <p>Confirmed by public clients (AuAPI python, aupay-orders.js, WowmaOrderSyncService.php):
 * {@code /wmshopapi/<proc>}, {@code Authorization: Bearer <key>}, shopId on every call,
 * searchTradeInfoListProc with startCount/totalCount/startDate/endDate/dateType=0, the XML
 * {@code response/result/status} (0 = OK) and {@code result/error/code|message}, orderInfo/detail
 * fields, updateStock's {@code request/stockUpdateItem/itemCode|stockSegment|stockCount} and its
 * {@code updateResult/itemCode|error/code|message}, searchStocks' {@code resultStocks}.
 *
 * @param requestsPerSecond    no published limit; public clients space calls about 1 s apart
 * @param updateStockBatch     items per updateStock call: not published; kept modest
 * @param listPageSize         totalCount per searchTradeInfoListProc page (documented maximum 1000)
 * @param apiKeyLifetime       90 days (stated on public application guides); used with the issue date
 * @param cancelledFlags       values of cancelStatus / itemCancelStatus that mean "cancelled": the
 *                             code list is not public; "0" or blank is read as not cancelled
 * @param authErrorCodes       result/error/code values meaning the key is invalid or expired; none
 *                             are published, so AUTH is decided by HTTP 401/403 plus these
 * @param retryErrorCodes      result/error/code values meaning "try later"; none are published
 */
public record AuPayAssumptions(double requestsPerSecond, int updateStockBatch, int listPageSize,
                               Duration apiKeyLifetime, Set<String> cancelledFlags, Set<String> authErrorCodes,
                               Set<String> retryErrorCodes) {

    public static final AuPayAssumptions UNCONFIRMED = new AuPayAssumptions(
            1.0, 100, 500, Duration.ofDays(90), Set.of("1"), Set.of(), Set.of());

    public AuPayAssumptions {
        cancelledFlags = Set.copyOf(cancelledFlags);
        authErrorCodes = Set.copyOf(authErrorCodes);
        retryErrorCodes = Set.copyOf(retryErrorCodes);
    }
}
