package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;
import org.w3c.dom.Element;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Yahoo's error answers ({@code <Error><Message/><Code/></Error>}, with or without the
 * {@code urn:yahoo:api} namespace) classified RETRY / AUTH / REJECTED, Yahoo's code and message kept.
 *
 * <p>Some real bodies are not well-formed (two public fixtures hold literal {@code \"} and {@code \n}
 * escapes; proxies answer HTML), so when XML parsing fails the code and message are read textually.
 * A 401 without a code is the OAuth layer's {@code error="invalid_token"}, which becomes the code.
 */
final class YahooErrors {
    private static final Pattern CODE = Pattern.compile("<Code>\\s*([^<]*?)\\s*</Code>");
    private static final Pattern MESSAGE = Pattern.compile("<Message>\\s*(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:]]>)?\\s*</Message>");
    private static final Pattern OAUTH_ERROR = Pattern.compile("error=\\\\?\"([a-z_]+)\\\\?\"");

    /**
     * Codes that need the seller: px-04102 (public-key authentication / token lifetime), px-04303 (the
     * app has no order-API permission), invalid_token after a fresh token, invalid_grant (re-consent).
     */
    static final Set<String> AUTH_CODES = Set.of("px-04102", "px-04303", "invalid_token", "invalid_grant",
            "insufficient_scope", "invalid_client");

    /** "Your Request was Forbidden": the 50,000 calls a day per app are used up; it clears the next day. */
    static final Duration QUOTA_BACKOFF = Duration.ofHours(1);

    private YahooErrors() {
    }

    record MallError(String code, String message) {
    }

    static MallError read(String body) {
        if (body == null || body.isBlank()) {
            return new MallError("", "");
        }
        try {
            Element root = YahooXml.parse(body, "error");
            if (YahooXml.name(root).equals("Error")) {
                return new MallError(YahooXml.text(root, "Code").orElse(""), YahooXml.text(root, "Message").orElse(""));
            }
        } catch (IllegalArgumentException notXml) {
            // fall through to the textual reading
        }
        Matcher code = CODE.matcher(body);
        Matcher message = MESSAGE.matcher(body);
        String text = message.find() ? message.group(1).replace("\\n", " ").replace("\\\"", "\"").trim() : "";
        return new MallError(code.find() ? code.group(1) : "", text);
    }

    static ChannelException classify(String what, int status, String body, Optional<String> wwwAuthenticate,
                                     Optional<Duration> retryAfter) {
        MallError error = read(body);
        String code = error.code();
        if (code.isEmpty()) {
            Matcher oauth = OAUTH_ERROR.matcher(wwwAuthenticate.orElse("") + " " + (body == null ? "" : body));
            code = oauth.find() ? oauth.group(1) : "HTTP_" + status;
        }
        String message = what + ": HTTP " + status + " " + code + (error.message().isEmpty() ? "" : " " + error.message());
        boolean quota = body != null && body.contains("Your Request was Forbidden");
        PushStatus kind;
        Optional<Duration> hint = retryAfter;
        if (quota) {
            kind = PushStatus.RETRY;
            hint = Optional.of(retryAfter.orElse(QUOTA_BACKOFF));
        } else if (status == 401 || status == 403 || AUTH_CODES.contains(code)) {
            kind = PushStatus.AUTH;
        } else if (status == 429 || status == 408 || status >= 500) {
            kind = PushStatus.RETRY;
        } else if (status >= 400) {
            kind = PushStatus.REJECTED;
        } else {
            kind = PushStatus.RETRY;
        }
        return new ChannelException(kind, code, message, kind == PushStatus.RETRY ? hint : Optional.empty());
    }
}
