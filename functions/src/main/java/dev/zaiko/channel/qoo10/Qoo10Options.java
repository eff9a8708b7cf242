package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockUpdate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Option (variant) stock, item key {@code <ItemCode>:<OptionCode>}: the option's row is read with
 * {@code ItemsLookup.GetGoodsInventoryInfo} (once per item per write) and its quantity alone is set
 * with {@code ItemsOptions.UpdateInventoryQtyUnit}, which names the row by its option names and values
 * and changes nothing else, unlike {@code EditGoodsInventory}, which replaces the whole option list.
 * The wire details without a public primary source are in {@link Qoo10Assumptions}.
 */
final class Qoo10Options {
    static final String READ = "ItemsLookup.GetGoodsInventoryInfo";
    static final String WRITE = "ItemsOptions.UpdateInventoryQtyUnit";

    /** One option row as Qoo10 lists it: its axes joined the way UpdateInventoryQtyUnit expects them. */
    record Row(String optionCode, String optionName, String optionValue, Optional<Long> quantity) {
    }

    private final Qoo10Client client;
    private final Qoo10Assumptions wire;

    Qoo10Options(Qoo10Client client, Qoo10Assumptions wire) {
        this.client = client;
        this.wire = wire;
    }

    /** The option rows of one item by option code; empty when Qoo10 does not know the item. */
    Map<String, Row> rows(String itemCode) {
        Qoo10Client.Envelope envelope = client.call(READ, Map.of("ItemCode", itemCode));
        if (envelope.resultCode() != Qoo10Errors.SUCCESS) {
            if (envelope.status() == PushStatus.REJECTED) {
                return Map.of();
            }
            throw envelope.failure(READ);
        }
        Map<String, Row> byCode = new LinkedHashMap<>();
        for (JsonNode row : Qoo10Rows.rows(envelope.resultObject())) {
            String code = Qoo10Rows.text(row, wire.optionCodeKeys().toArray(String[]::new));
            if (code.isEmpty()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int axis = 1; axis <= 5; axis++) {
                String name = Qoo10Rows.text(row, "Name" + axis);
                if (name.isEmpty()) {
                    break;
                }
                names.add(name);
                values.add(Qoo10Rows.text(row, "Value" + axis));
            }
            String qty = Qoo10Rows.text(row, "Qty");
            Optional<Long> quantity = qty.matches("\\d{1,12}") ? Optional.of(Long.parseLong(qty)) : Optional.empty();
            byCode.put(code, new Row(code, String.join(wire.optionAxisSeparator(), names),
                    String.join(wire.optionAxisSeparator(), values), quantity));
        }
        return byCode;
    }

    /**
     * Writes one option's absolute quantity (Qoo10 has no bulk option write).
     *
     * @param byItem the option rows already read in this write, by item code (one read per item)
     */
    PushResult write(StockUpdate update, Map<String, Map<String, Row>> byItem) {
        String key = update.itemKey();
        int colon = key.indexOf(':');
        String itemCode = key.substring(0, colon);
        String optionCode = key.substring(colon + 1);
        Row row = byItem.computeIfAbsent(itemCode, this::rows).get(optionCode);
        if (row == null) {
            return PushResult.rejected(key, "OPTION_NOT_FOUND", "qoo10 " + READ + ": item " + itemCode
                    + " has no option with code " + optionCode);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ItemCode", itemCode);
        form.put("SellerCode", "");
        form.put("OptionName", row.optionName());
        form.put("OptionValue", row.optionValue());
        form.put("OptionCode", optionCode);
        form.put("Qty", String.valueOf(update.quantity()));
        Qoo10Client.Envelope envelope = client.call(WRITE, form);
        if (envelope.resultCode() == Qoo10Errors.SUCCESS) {
            return PushResult.ok(key);
        }
        if (envelope.status() == PushStatus.REJECTED) {
            return PushResult.rejected(key, String.valueOf(envelope.resultCode()),
                    "qoo10 " + WRITE + ": " + envelope.resultMsg());
        }
        throw envelope.failure(WRITE);
    }
}
