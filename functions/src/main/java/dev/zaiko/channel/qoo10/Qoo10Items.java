package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code ItemsLookup.GetItemDetailInfo}: what Qoo10 shows for one item, and what a write must send back unchanged. */
final class Qoo10Items {
    static final String METHOD = "ItemsLookup.GetItemDetailInfo";

    /** The fields a SetGoodsPriceQty write must repeat, exactly as Qoo10 gave them, plus the shown quantity. */
    record Detail(String itemCode, String price, String expireDate, String taxRate, Optional<Long> quantity) {
    }

    /** @param detail empty when Qoo10 does not know the item; then code and message say why */
    record Lookup(Optional<Detail> detail, int code, String message) {
    }

    private final Qoo10Client client;

    Qoo10Items(Qoo10Client client) {
        this.client = client;
    }

    /** @throws dev.zaiko.domain.channel.ChannelException for failures of the call itself (RETRY, AUTH) */
    Lookup lookup(String itemCode) {
        Qoo10Client.Envelope envelope = client.call(METHOD, Map.of("ItemCode", itemCode));
        if (envelope.resultCode() != Qoo10Errors.SUCCESS) {
            if (envelope.resultCode() == Qoo10Errors.ITEM_NOT_FOUND
                    || envelope.status() == dev.zaiko.domain.channel.PushStatus.REJECTED) {
                return new Lookup(Optional.empty(), envelope.resultCode(), envelope.resultMsg());
            }
            throw envelope.failure(METHOD);
        }
        List<JsonNode> rows = Qoo10Rows.rows(envelope.resultObject());
        if (rows.isEmpty()) {
            return new Lookup(Optional.empty(), Qoo10Errors.ITEM_NOT_FOUND, "no item " + itemCode);
        }
        JsonNode row = rows.get(0);
        String qty = Qoo10Rows.text(row, "ItemQty");
        Optional<Long> quantity;
        try {
            quantity = qty.isEmpty() ? Optional.empty() : Optional.of(new java.math.BigDecimal(qty).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("qoo10 " + METHOD + ": item " + itemCode
                    + ": ItemQty is not a whole number (got " + qty + ")");
        }
        return new Lookup(Optional.of(new Detail(itemCode, Qoo10Rows.text(row, "ItemPrice"),
                Qoo10Rows.text(row, "ExpireDate"), Qoo10Rows.text(row, "TaxRate"), quantity)), 0, "");
    }
}
