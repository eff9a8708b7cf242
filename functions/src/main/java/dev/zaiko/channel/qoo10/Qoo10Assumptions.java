package dev.zaiko.channel.qoo10;

import java.time.Duration;
import java.util.List;

/**
 * Every detail of the Qoo10 QAPI that no public primary source confirms, in ONE place so it is
 * changed here and nowhere else once a seller with QSM access checks it (the official QAPI docs
 * need a QSM login; see {@code shared/docs/channels.md} section 6).
 *
 * <p>Confirmed elsewhere (crawled QSM spec pages and public clients): paths, headers, the
 * envelope, ResultCodes -10000/-90001..-90005/-10101, ShippingStatus 1-5, ClaimStat 1-16,
 * SetGoodsPriceQtyBulk's 500-item limit with ResultCode -1 = partial success, GetItemDetailInfo's
 * ItemPrice/ItemQty/ExpireDate/TaxRate fields.
 *
 * @param requestsPerSecond   no public rate limit exists; public clients pace about 1 call per
 *                            second, so we never go faster by default
 * @param bulkLineItemKeys    SetGoodsPriceQtyBulk answers a dictionary per line (a crawled copy of
 *                            the login-only method catalogue lists its output only as a dictionary
 *                            with Count/Keys/Values; searched again for issue 16, no line-level key
 *                            names are published anywhere): the per-line keys are UNCONFIRMED. We read
 *                            each line's item code, result code and message under these names (first
 *                            found wins); a line without an item code is matched by its position, and a
 *                            partial failure with no readable line result is RETRY, never a guess
 * @param bulkLineCodeKeys    see bulkLineItemKeys
 * @param bulkLineMessageKeys see bulkLineItemKeys
 * @param statusCodeInLabel   public client code shows ShippingStatus as a label ending in
 *                            "(n)" (e.g. "配送要請(2)") rather than a bare digit; both are accepted
 * @param apiKeyLifetime      "about 1 year" (QSM API key issue page); used only when the secret
 *                            gives the issue date but not the expiry
 * @param maxClaimWindow      GetClaimInfo_V3 refuses more than 90 days (-10003); assumed to hold for
 *                            GetShippingInfo_v3 too
 * @param optionCodeKeys      option stock: ItemsLookup.GetGoodsInventoryInfo rows carry the option's
 *                            code as {@code ItemTypeCode} (seen in public client code); that it equals
 *                            the {@code OptionCode} of order rows (our item key) is UNCONFIRMED
 * @param optionAxisSeparator ItemsOptions.UpdateInventoryQtyUnit (QSM method 10022, crawled spec and
 *                            public clients: ItemCode, SellerCode, OptionName, OptionValue, OptionCode,
 *                            Qty) names a row by its option names and values; multi-axis options are
 *                            joined with this separator (public client code; UNCONFIRMED by Qoo10)
 */
public record Qoo10Assumptions(double requestsPerSecond, List<String> bulkLineItemKeys,
                               List<String> bulkLineCodeKeys, List<String> bulkLineMessageKeys,
                               boolean statusCodeInLabel, Duration apiKeyLifetime, Duration maxClaimWindow,
                               List<String> optionCodeKeys, String optionAxisSeparator) {

    public static final Qoo10Assumptions UNCONFIRMED = new Qoo10Assumptions(
            1.0,
            List.of("ItemCode", "itemCode"),
            List.of("ResultCode", "resultCode"),
            List.of("ResultMsg", "resultMsg"),
            true,
            Duration.ofDays(365),
            Duration.ofDays(90),
            List.of("ItemTypeCode", "OptionCode"),
            "||*");

    public Qoo10Assumptions {
        bulkLineItemKeys = List.copyOf(bulkLineItemKeys);
        bulkLineCodeKeys = List.copyOf(bulkLineCodeKeys);
        bulkLineMessageKeys = List.copyOf(bulkLineMessageKeys);
        optionCodeKeys = List.copyOf(optionCodeKeys);
    }
}
