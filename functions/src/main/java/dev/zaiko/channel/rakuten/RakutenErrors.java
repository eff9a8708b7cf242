package dev.zaiko.channel.rakuten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rakuten's error answers, read from all three shapes RMS uses, and classified RETRY / AUTH /
 * REJECTED with Rakuten's own code and message kept:
 * <ul>
 *   <li>Inventory API and other ES 2.0 APIs: {@code {"errors":[{"code":"IE0004","message":…,
 *       "metadata":{"propertyPath":"inventories[0].manageNumber"}}]}}</li>
 *   <li>The API gateway: {@code {"Results":{"errorCode":"ES04-01","message":…}}}</li>
 *   <li>RakutenPayOrderAPI: {@code {"MessageModelList":[{"messageType":"ERROR","messageCode":…,
 *       "message":…,"orderNumber":…}]}}</li>
 * </ul>
 */
public final class RakutenErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INDEX = Pattern.compile("^inventories\\[(\\d+)]");

    /**
     * Codes that mean "the credentials or the API permission are wrong": stop calling until the
     * seller acts. GE0011 (Inventory API auth error), GA0001 (gateway "Un-Authorised", seen live when
     * the licenseKey expired), ES04-01 (the API is not switched on in RMS 利用設定).
     */
    static final Set<String> AUTH_CODES = Set.of("GE0011", "GA0001", "ES04-01");

    private RakutenErrors() {
    }

    /** One error as Rakuten reported it. */
    public record MallError(String code, String message, Optional<String> propertyPath, Optional<String> orderNumber) {
        /** The {@code i} of {@code inventories[i]…}, when the error names one item of a bulk call. */
        public OptionalInt inventoryIndex() {
            if (propertyPath.isEmpty()) {
                return OptionalInt.empty();
            }
            Matcher matcher = INDEX.matcher(propertyPath.get());
            return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
        }
    }

    /** Every error in a body, whatever its shape; empty when the body holds none or is not JSON. */
    public static List<MallError> parse(String body) {
        List<MallError> found = new ArrayList<>();
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return found;
        }
        if (root == null || !root.isObject()) {
            return found;
        }
        for (JsonNode error : root.path("errors")) {
            found.add(new MallError(error.path("code").asText(""), error.path("message").asText(""),
                    text(error.path("metadata").path("propertyPath")), Optional.empty()));
        }
        JsonNode results = root.path("Results");
        if (results.isObject() && results.hasNonNull("errorCode")) {
            found.add(new MallError(results.path("errorCode").asText(), results.path("message").asText(""),
                    Optional.empty(), Optional.empty()));
        }
        for (JsonNode message : root.path("MessageModelList")) {
            if ("ERROR".equalsIgnoreCase(message.path("messageType").asText())) {
                found.add(new MallError(message.path("messageCode").asText(""), message.path("message").asText(""),
                        Optional.empty(), text(message.path("orderNumber"))));
            }
        }
        return found;
    }

    /** The whole call failed: what kind of failure, with Rakuten's first code and message. */
    public static ChannelException classify(String what, int status, String body, Optional<Duration> retryAfter) {
        List<MallError> errors = parse(body);
        String code = errors.isEmpty() ? "HTTP_" + status : errors.get(0).code();
        String message = what + ": HTTP " + status
                + (errors.isEmpty() ? "" : " " + errors.get(0).code() + " " + errors.get(0).message());
        boolean authCode = errors.stream().anyMatch(e -> AUTH_CODES.contains(e.code()));
        PushStatus kind;
        if (status == 401 || status == 403 || authCode) {
            kind = PushStatus.AUTH;
        } else if (status == 429 || status >= 500 || status == 408) {
            kind = PushStatus.RETRY;
        } else if (status >= 400) {
            kind = PushStatus.REJECTED;
        } else {
            kind = PushStatus.RETRY;
        }
        return new ChannelException(kind, code, message, kind == PushStatus.RETRY ? retryAfter : Optional.empty());
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
