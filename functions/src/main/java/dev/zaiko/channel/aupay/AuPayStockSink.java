package dev.zaiko.channel.aupay;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Absolute quantities through {@code POST updateStock}: a plain item is {@code stockSegment=1} with
 * {@code stockCount}; a choice (variant, key {@code <itemCode>:<horizontal>:<vertical>}) is
 * {@code stockSegment=2} with one {@code choicesStocks} per choice of that item in the batch (see
 * {@link AuPayAssumptions#choiceStockSegment()}). au PAY answers one {@code updateResult} per item, with an
 * {@code error/code|message} for the refused ones. Those per-item results are kept even when the call
 * as a whole answers an HTTP error: an item is then OK only if its own result says so, and the rest get
 * the call's failure.
 */
final class AuPayStockSink implements StockSink {
    static final String PROC = "updateStock";
    /** Plain item stock, an absolute count. */
    static final String PLAIN_STOCK_SEGMENT = "1";

    private final AuPayClient client;
    private final int batchSize;

    AuPayStockSink(AuPayClient client, int batchSize) {
        this.client = client;
        this.batchSize = batchSize;
    }

    @Override
    public int maxBatchSize() {
        return batchSize;
    }

    /** One stockUpdateItem: a plain item, or all the choices of one item in this batch. */
    private record Item(String itemCode, List<StockUpdate> updates, boolean choices) {
    }

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        if (updates.size() > batchSize) {
            throw new IllegalArgumentException("aupay takes at most " + batchSize + " items per write (got "
                    + updates.size() + ")");
        }
        if (updates.isEmpty()) {
            return List.of();
        }
        Map<String, Item> items = new LinkedHashMap<>();
        for (StockUpdate update : updates) {
            String[] parts = update.itemKey().split(":", -1);
            boolean choice = parts.length == 3;
            Item item = items.computeIfAbsent((choice ? "C:" : "P:") + parts[0],
                    k -> new Item(parts[0], new ArrayList<>(), choice));
            item.updates().add(update);
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<request><shopId>")
                .append(AuPayXml.escape(client.shopId())).append("</shopId>");
        for (Item item : items.values()) {
            xml.append("<stockUpdateItem><itemCode>").append(AuPayXml.escape(item.itemCode())).append("</itemCode>");
            if (item.choices()) {
                xml.append("<stockSegment>").append(AuPayAssumptions.UNCONFIRMED.choiceStockSegment())
                        .append("</stockSegment>");
                for (StockUpdate update : item.updates()) {
                    String[] parts = update.itemKey().split(":", -1);
                    xml.append("<choicesStocks><choicesStockHorizontalCode>").append(AuPayXml.escape(parts[1]))
                            .append("</choicesStockHorizontalCode><choicesStockVerticalCode>")
                            .append(AuPayXml.escape(parts[2])).append("</choicesStockVerticalCode><choicesStockCount>")
                            .append(update.quantity()).append("</choicesStockCount></choicesStocks>");
                }
            } else {
                xml.append("<stockSegment>").append(PLAIN_STOCK_SEGMENT).append("</stockSegment><stockCount>")
                        .append(item.updates().get(0).quantity()).append("</stockCount>");
            }
            xml.append("</stockUpdateItem>");
        }
        xml.append("</request>");
        AuPayClient.Answer answer;
        try {
            answer = client.post(PROC, xml.toString());
        } catch (ChannelException e) {
            return all(updates, e.kind(), e.mallCode(), e.getMessage(), e.retryAfter());
        }
        // results by itemCode; one plain and one choice entry of the same code cannot be told apart, so
        // the first result answers for both (au PAY names results by itemCode only)
        Map<String, Element> resultByItem = new HashMap<>();
        List<Element> itemResults = AuPayXml.children(answer.response(), "updateResult");
        for (Element result : itemResults) {
            resultByItem.putIfAbsent(AuPayXml.text(result, "itemCode"), result);
        }
        if (!answer.ok() && itemResults.isEmpty()) {
            // the call as a whole was refused: no item was applied
            return all(updates, AuPayErrors.classifyCode(answer.errorCode()), answer.errorCode(),
                    "aupay " + PROC + ": " + answer.errorMessage(), Optional.empty());
        }
        boolean httpFailed = answer.httpStatus() != 200;
        List<PushResult> results = new ArrayList<>(updates.size());
        for (StockUpdate update : updates) {
            String itemCode = update.itemKey().split(":", -1)[0];
            Element result = resultByItem.get(itemCode);
            if (result != null && AuPayXml.child(result, "error").isPresent()) {
                String code = AuPayXml.path(result, "error", "code");
                String message = AuPayXml.path(result, "error", "message");
                results.add(new PushResult(update.itemKey(), AuPayErrors.classifyCode(code), code,
                        "aupay " + PROC + ": " + message, Optional.empty()));
            } else if (result != null || !httpFailed) {
                results.add(PushResult.ok(update.itemKey()));
            } else {
                // HTTP error and no word on this item: it is not known to be applied
                String code = answer.errorCode().isEmpty() ? "HTTP " + answer.httpStatus() : answer.errorCode();
                results.add(new PushResult(update.itemKey(), AuPayErrors.classifyHttp(answer.httpStatus()), code,
                        "aupay " + PROC + ": HTTP " + answer.httpStatus() + " without a result for this item: "
                                + answer.errorMessage(), Optional.empty()));
            }
        }
        return results;
    }

    private static List<PushResult> all(List<StockUpdate> updates, PushStatus status, String code, String message,
                                        Optional<java.time.Duration> retryAfter) {
        List<PushResult> results = new ArrayList<>(updates.size());
        for (StockUpdate update : updates) {
            results.add(new PushResult(update.itemKey(), status, code, message, retryAfter));
        }
        return results;
    }
}
