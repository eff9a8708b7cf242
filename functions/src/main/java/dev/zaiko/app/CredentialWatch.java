package dev.zaiko.app;

import dev.zaiko.domain.channel.ChannelAdapter;
import dev.zaiko.domain.channel.CredentialStatus;

import java.time.Instant;
import java.util.List;

/**
 * Credentials that stop working within {@link CredentialStatus#WARN_AHEAD}: the poller reports them
 * on every run (an alarm e-mails the seller) so no channel falls into AUTH_ERROR by surprise.
 */
public final class CredentialWatch {
    private CredentialWatch() {
    }

    public static List<CredentialStatus> dueForRenewal(ChannelAdapter adapter, Instant now) {
        return adapter.credentials().stream().filter(c -> c.needsRenewal(now)).toList();
    }
}
