package dev.zaiko.channel.yahoo;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The per-item {@code <Result>} list of setStock and getStock answers. A result failed when its
 * {@code Status} is NG or 0, or when it carries an error ({@code Error/Code,Message} as the item API's
 * NG answers do, or {@code ErrorCode/ErrorMessage}); Yahoo's exact per-item failure shape for setStock
 * is UNCONFIRMED, so all of these are read.
 */
final class YahooStockResults {
    private YahooStockResults() {
    }

    record ItemResult(String key, boolean ok, String code, String message, OptionalLong quantity) {
    }

    static List<ItemResult> read(String xml, String what) {
        Element root = YahooXml.parse(xml, what);
        if (!YahooXml.name(root).equals("ResultSet")) {
            throw new IllegalArgumentException(what + ": root element is " + YahooXml.name(root) + ", not ResultSet");
        }
        List<ItemResult> results = new ArrayList<>();
        for (Element result : YahooXml.children(root, "Result")) {
            String itemCode = YahooXml.text(result, "ItemCode").orElse("");
            if (itemCode.isEmpty()) {
                throw new IllegalArgumentException(what + ": a Result has no ItemCode");
            }
            String subCode = YahooXml.text(result, "SubCode").orElse("");
            String key = new YahooItemKey(itemCode, subCode).wire();
            String status = YahooXml.text(result, "Status").orElse("");
            YahooErrors.MallError error = itemError(result);
            String code = error.code();
            String message = error.message();
            boolean failed = status.equalsIgnoreCase("NG") || status.equals("0") || !code.isEmpty();
            OptionalLong quantity = OptionalLong.empty();
            String text = YahooXml.text(result, "Quantity").orElse("");
            if (!failed && !text.isEmpty()) {
                try {
                    quantity = OptionalLong.of(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(what + ": Quantity of " + key + " is '" + text + "', not a number");
                }
            }
            results.add(new ItemResult(key, !failed, code.isEmpty() && failed ? "STATUS_" + status : code, message,
                    quantity));
        }
        return results;
    }

    /** The first error a per-item result carries; empty code and message when it carries none. */
    static YahooErrors.MallError itemError(Element result) {
        String code = YahooXml.child(result, "Error").flatMap(e -> YahooXml.text(e, "Code"))
                .or(() -> YahooXml.text(result, "ErrorCode")).orElse("");
        String message = YahooXml.child(result, "Error").flatMap(e -> YahooXml.text(e, "Message"))
                .or(() -> YahooXml.text(result, "ErrorMessage")).orElse("");
        return new YahooErrors.MallError(code, message);
    }
}
