package dev.zaiko.channel.qoo10;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading QAPI rows, which are untrusted: every complaint names the method, the field and the order. */
final class Qoo10Rows {
    private Qoo10Rows() {
    }

    static final DateTimeFormatter QAPI_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** Date texts seen in public client code; the exact one per field is not documented. */
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm"),
            QAPI_TIME);
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd"), DateTimeFormatter.ofPattern("yyyy/MM/dd"),
            DateTimeFormatter.ofPattern("yyyyMMdd"));

    /** ResultObject as a list of rows: an array, a single object, or nothing. */
    static List<JsonNode> rows(JsonNode resultObject) {
        List<JsonNode> rows = new ArrayList<>();
        if (resultObject == null || resultObject.isNull() || resultObject.isMissingNode()) {
            return rows;
        }
        if (resultObject.isArray()) {
            resultObject.forEach(rows::add);
        } else if (resultObject.isObject()) {
            rows.add(resultObject);
        }
        return rows;
    }

    /** A field under any of the given names (QAPI spells the same field differently per method). */
    static String text(JsonNode row, String... names) {
        for (String name : names) {
            JsonNode value = row.get(name);
            if (value != null && !value.isNull()) {
                String text = value.asText("").trim();
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    static String orderNo(JsonNode row, String method, int index) {
        String orderNo = text(row, "OrderNo", "orderNo");
        if (orderNo.isEmpty()) {
            throw new IllegalArgumentException("qoo10 " + method + ": row " + index + ": OrderNo is missing");
        }
        if (!orderNo.chars().allMatch(Character::isDigit) || orderNo.length() > 20) {
            throw new IllegalArgumentException("qoo10 " + method + ": row " + index + ": OrderNo is not a number ("
                    + orderNo + ")");
        }
        return orderNo;
    }

    static String required(JsonNode row, String method, String orderNo, String field, String... names) {
        String value = text(row, names);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("qoo10 " + method + ": order " + orderNo + ": " + field + " is missing");
        }
        return value;
    }

    static int quantity(JsonNode row, String method, String orderNo, String... names) {
        String value = required(row, method, orderNo, names[0], names);
        try {
            int qty = new java.math.BigDecimal(value).intValueExact();
            if (qty < 1 || qty > dev.zaiko.domain.Validation.MAX_LINE_QUANTITY) {
                throw new ArithmeticException();
            }
            return qty;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("qoo10 " + method + ": order " + orderNo + ": " + names[0]
                    + " must be a whole number from 1 to " + dev.zaiko.domain.Validation.MAX_LINE_QUANTITY
                    + " (got " + value + ")");
        }
    }

    /** A QAPI date in JST, when readable. */
    static Optional<Instant> instant(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return Optional.of(LocalDateTime.parse(trimmed, format).atZone(Qoo10Auth.JST).toInstant());
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        for (DateTimeFormatter format : DATES) {
            try {
                return Optional.of(LocalDate.parse(trimmed, format).atStartOfDay(Qoo10Auth.JST).toInstant());
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        return Optional.empty();
    }

    static String qapiTime(Instant instant) {
        return QAPI_TIME.format(instant.atZone(Qoo10Auth.JST));
    }

    /** The listing key: the Qoo10 item number, plus ":" and the option code for option (variant) lines. */
    static String itemKey(String itemNo, String optionCode) {
        return optionCode == null || optionCode.isBlank() ? itemNo : itemNo + ":" + optionCode;
    }

    static boolean isOptionKey(String itemKey) {
        return itemKey.indexOf(':') >= 0;
    }
}
