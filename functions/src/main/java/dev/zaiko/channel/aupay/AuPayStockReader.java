package dev.zaiko.channel.aupay;

import dev.zaiko.domain.channel.StockReader;
import org.w3c.dom.Element;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** au PAY's shown stock via {@code searchStocks}, one item per call; items au PAY does not return are absent. */
final class AuPayStockReader implements StockReader {
    static final String PROC = "searchStocks";

    private final AuPayClient client;

    AuPayStockReader(AuPayClient client) {
        this.client = client;
    }

    @Override
    public Map<String, Long> shownQuantities(Collection<String> itemKeys) {
        Map<String, Long> shown = new LinkedHashMap<>();
        for (String itemCode : itemKeys) {
            AuPayClient.Answer answer = client.require(PROC,
                    Map.of("itemCode", itemCode, "totalCount", "1", "startCount", "1"));
            for (Element result : AuPayXml.children(answer.response(), "searchResult")) {
                for (Element stock : AuPayXml.children(result, "resultStocks")) {
                    if (itemCode.equals(AuPayXml.text(stock, "itemCode"))) {
                        String count = AuPayXml.text(stock, "stockCount");
                        try {
                            shown.putIfAbsent(itemCode, Long.parseLong(count));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("aupay " + PROC + ": item " + itemCode
                                    + ": stockCount is not a whole number (got " + count + ")");
                        }
                    }
                }
            }
        }
        return shown;
    }
}
