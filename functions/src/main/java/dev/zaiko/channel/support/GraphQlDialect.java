package dev.zaiko.channel.support;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one mall's GraphQL API does its own way, for {@link GraphQlCaller}; each mall keeps its
 * dialect beside its other API assumptions (its {@code *Api} class).
 *
 * @param mallName         how messages name the mall ("Mercari", "makeshop")
 * @param maxAttempts      attempts per call for temporary failures
 * @param retryBudget      no retry waits past this, counted from the call's start
 * @param defaultBackoff   the wait after attempt n is n times this when the mall gives no hint
 * @param authCodes        {@code errors[].extensions.code} values meaning the credentials are wrong
 * @param retryCodes       codes meaning "try again later"; every other code is REJECTED
 * @param itemKeyExtension the {@code extensions} field naming the item an error is about; such an error
 *                         leaves the call itself successful
 * @param authHint         appended to a 401/403 message: what the seller should do about it
 * @param specialAnswer    an answer this mall gives a meaning the generic rules would miss
 */
public record GraphQlDialect(String mallName, int maxAttempts, Duration retryBudget, Duration defaultBackoff,
                             List<String> authCodes, List<String> retryCodes, String itemKeyExtension,
                             String authHint, SpecialAnswer specialAnswer) {

    /** Read before the generic rules, with the answer's status and its GraphQL errors (parsed, maybe none). */
    @FunctionalInterface
    public interface SpecialAnswer {
        /** @param what names the call ("Mercari orders for mercari-main") for the message */
        Optional<ChannelException> failure(int status, List<GraphQlCaller.Error> errors, String what);

        SpecialAnswer NONE = (status, errors, what) -> Optional.empty();
    }

    public GraphQlDialect {
        authCodes = List.copyOf(authCodes);
        retryCodes = List.copyOf(retryCodes);
    }

    /** AUTH, RETRY or (any other code, or none) REJECTED; case does not matter. */
    public PushStatus classify(String code) {
        String upper = code == null ? "" : code.toUpperCase(Locale.ROOT);
        if (authCodes.contains(upper)) {
            return PushStatus.AUTH;
        }
        if (retryCodes.contains(upper)) {
            return PushStatus.RETRY;
        }
        return PushStatus.REJECTED;
    }
}
