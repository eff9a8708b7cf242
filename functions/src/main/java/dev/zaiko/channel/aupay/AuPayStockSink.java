package dev.zaiko.channel.aupay;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushResult;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.domain.channel.StockSink;
import dev.zaiko.domain.channel.StockUpdate;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Absolute quantities through {@code POST updateStock}: {@code stockSegment=1} (plain stock) and
 * {@code stockCount} = the number to show. au PAY answers one {@code updateResult} per item, with an
 * {@code error/code|message} for the refused ones; items without an error were applied. Per-choice
 * (variant) stock uses another segment and choice fields that are not public: not written here.
 */
final class AuPayStockSink implements StockSink {
    static final String PROC = "updateStock";
    /** Plain item stock, an absolute count (the choice/variant segments are unconfirmed). */
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

    @Override
    public List<PushResult> write(List<StockUpdate> updates) {
        if (updates.size() > batchSize) {
            throw new IllegalArgumentException("aupay takes at most " + batchSize + " items per write (got "
                    + updates.size() + ")");
        }
        if (updates.isEmpty()) {
            return List.of();
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<request><shopId>")
                .append(AuPayXml.escape(client.shopId())).append("</shopId>");
        for (StockUpdate update : updates) {
            xml.append("<stockUpdateItem><itemCode>").append(AuPayXml.escape(update.itemKey()))
                    .append("</itemCode><stockSegment>").append(PLAIN_STOCK_SEGMENT)
                    .append("</stockSegment><stockCount>").append(update.quantity())
                    .append("</stockCount></stockUpdateItem>");
        }
        xml.append("</request>");
        AuPayClient.Answer answer;
        try {
            answer = client.post(PROC, xml.toString());
        } catch (ChannelException e) {
            return all(updates, e.kind(), e.mallCode(), e.getMessage(), e.retryAfter());
        }
        Map<String, Element> errors = new HashMap<>();
        List<Element> itemResults = AuPayXml.children(answer.response(), "updateResult");
        for (Element result : itemResults) {
            if (AuPayXml.child(result, "error").isPresent()) {
                errors.put(AuPayXml.text(result, "itemCode"), result);
            }
        }
        if (!answer.ok() && itemResults.isEmpty()) {
            // the call as a whole was refused: no item was applied
            return all(updates, AuPayErrors.classifyCode(answer.errorCode()), answer.errorCode(),
                    "aupay " + PROC + ": " + answer.errorMessage(), Optional.empty());
        }
        List<PushResult> results = new ArrayList<>(updates.size());
        for (StockUpdate update : updates) {
            Element error = errors.get(update.itemKey());
            if (error == null) {
                results.add(PushResult.ok(update.itemKey()));
            } else {
                String code = AuPayXml.path(error, "error", "code");
                String message = AuPayXml.path(error, "error", "message");
                PushStatus status = AuPayErrors.classifyCode(code);
                results.add(new PushResult(update.itemKey(), status, code, "aupay " + PROC + ": " + message,
                        Optional.empty()));
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
