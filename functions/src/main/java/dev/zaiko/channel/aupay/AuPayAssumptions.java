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
 * @param cancelledFlags       values of cancelStatus / itemCancelStatus that mean "cancelled": UNCONFIRMED.
 *                             No public source gives the code list (searched again for issue 16: public
 *                             clients read orderStatus and detail fields but no cancelStatus at all);
 *                             "1" is our guess, "0" or blank is read as not cancelled, and the order status
 *                             キャンセル cancels regardless
 * @param choiceStockSegment   updateStock's stockSegment for per-choice stock (項目選択肢別在庫): "2", with
 *                             {@code choicesStocks/choicesStockHorizontalCode|choicesStockVerticalCode|
 *                             choicesStockCount} (public client code and CSV headers; not from au PAY)
 * @param orderChoiceFields    where an order detail names its choice: {@code choicesStockHorizontalCode} and
 *                             {@code choicesStockVerticalCode} like the stock calls (UNCONFIRMED: public
 *                             order parsers read only itemCode and itemOption); a detail without them is
 *                             the plain item
 * @param choiceStockReadFields how searchStocks answers a choice item (項目選択肢別在庫): element
 *                             {@code choicesStocks} with {@code choicesStockHorizontalCode},
 *                             {@code choicesStockVerticalCode} and {@code choicesStockCount} under the item's
 *                             {@code resultStocks}, i.e. the names updateStock's request uses. UNCONFIRMED: public
 *                             clients read only {@code stockCount}; the answer for choices is in no public source
 * @param authErrorCodes       result/error/code values meaning the key is invalid or expired; none
 *                             are published, so AUTH is decided by HTTP 401/403 plus these
 * @param retryErrorCodes      result/error/code values meaning "try later"; none are published
 */
public record AuPayAssumptions(double requestsPerSecond, int updateStockBatch, int listPageSize,
                               Duration apiKeyLifetime, Set<String> cancelledFlags, Set<String> authErrorCodes,
                               Set<String> retryErrorCodes, String choiceStockSegment,
                               java.util.List<String> orderChoiceFields, java.util.List<String> choiceStockReadFields) {

    public static final AuPayAssumptions UNCONFIRMED = new AuPayAssumptions(
            1.0, 100, 500, Duration.ofDays(90), Set.of("1"), Set.of(), Set.of(), "2",
            java.util.List.of("choicesStockHorizontalCode", "choicesStockVerticalCode"),
            java.util.List.of("choicesStocks", "choicesStockHorizontalCode", "choicesStockVerticalCode",
                    "choicesStockCount"));

    /** Item key of a choice: {@code <itemCode>:<horizontal code>:<vertical code>} ("-" for an unused axis). */
    public static String choiceKey(String itemCode, String horizontal, String vertical) {
        return itemCode + ":" + horizontal + ":" + vertical;
    }

    public AuPayAssumptions {
        cancelledFlags = Set.copyOf(cancelledFlags);
        authErrorCodes = Set.copyOf(authErrorCodes);
        retryErrorCodes = Set.copyOf(retryErrorCodes);
        orderChoiceFields = java.util.List.copyOf(orderChoiceFields);
        choiceStockReadFields = java.util.List.copyOf(choiceStockReadFields);
        if (choiceStockReadFields.size() != 4) {
            throw new IllegalArgumentException("choiceStockReadFields: element, horizontal, vertical, count");
        }
    }
}
