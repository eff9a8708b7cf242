package dev.zaiko.channel.aupay;

import dev.zaiko.domain.channel.StockReader;
import org.w3c.dom.Element;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * au PAY's shown stock via {@code searchStocks}, one call per item code; items au PAY does not return
 * are absent. A plain item is {@code stockSegment 1} with {@code stockCount}. A choice key
 * ({@code <itemCode>:<horizontal>:<vertical>}) is read from the item's {@code choicesStocks}
 * ({@code choicesStockHorizontalCode|choicesStockVerticalCode|choicesStockCount}): the field names
 * updateStock sends, which public client code attests for the request only; that searchStocks answers a
 * choice item in the same shape is UNCONFIRMED ({@link AuPayAssumptions#choiceStockReadFields()}).
 */
final class AuPayStockReader implements StockReader {
    static final String PROC = "searchStocks";
    private static final java.util.List<String> CHOICE_FIELDS = AuPayAssumptions.UNCONFIRMED.choiceStockReadFields();

    private final AuPayClient client;

    AuPayStockReader(AuPayClient client) {
        this.client = client;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        // one searchStocks per item code, however many of its choices are asked for
        Map<String, Set<String>> keysByItem = new LinkedHashMap<>();
        for (String key : itemKeys) {
            keysByItem.computeIfAbsent(key.split(":", -1)[0], k -> new LinkedHashSet<>()).add(key);
        }
        Map<String, Long> shown = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> item : keysByItem.entrySet()) {
            String itemCode = item.getKey();
            Set<String> wanted = item.getValue();
            AuPayClient.Answer answer = client.require(PROC,
                    Map.of("itemCode", itemCode, "totalCount", "1", "startCount", "1"));
            for (Element result : AuPayXml.children(answer.response(), "searchResult")) {
                for (Element stock : AuPayXml.children(result, "resultStocks")) {
                    if (!itemCode.equals(AuPayXml.text(stock, "itemCode"))) {
                        continue;
                    }
                    if (wanted.contains(itemCode) && AuPayXml.child(stock, "stockCount").isPresent()) {
                        shown.putIfAbsent(itemCode, count(itemCode, AuPayXml.text(stock, "stockCount")));
                    }
                    for (Element choice : AuPayXml.children(stock, CHOICE_FIELDS.get(0))) {
                        String key = AuPayAssumptions.choiceKey(itemCode, AuPayXml.text(choice, CHOICE_FIELDS.get(1)),
                                AuPayXml.text(choice, CHOICE_FIELDS.get(2)));
                        if (wanted.contains(key)) {
                            shown.putIfAbsent(key, count(key, AuPayXml.text(choice, CHOICE_FIELDS.get(3))));
                        }
                    }
                }
            }
        }
        return shown;
    }

    private static long count(String key, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("aupay " + PROC + ": item " + key
                    + ": stock count is not a whole number (got " + text + ")");
        }
    }
}
