package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.Map;

@Command(name = "channels", mixinStandardHelpOptions = true,
        description = "Each channel: health (OK / DEGRADED / AUTH_ERROR and why), last poll, cursor, push queue "
                + "depth, and when its credentials expire (warned 14 days ahead). Exit 1 when any needs the seller.")
public final class ChannelsCommand extends OpsCommand {
    @Override
    int run(AdminClient client) {
        Answer answer = send(client, "GET", path("channels"), Map.of(), new byte[0]);
        boolean attention = false;
        for (JsonNode c : answer.body().path("channels")) {
            attention |= !c.path("health").asText().equals("OK") || !c.path("warnings").isEmpty();
        }
        if (target.json) {
            out().println(answer.response().bodyText());
            return answer.ok() ? (attention ? NEEDS_ATTENTION : OK) : exitFor(answer);
        }
        if (printedRawOrError(answer)) {
            return exitFor(answer);
        }
        for (JsonNode c : answer.body().path("channels")) {
            out().printf("%-18s %-9s %-10s last successful poll %-24s cursor %-24s queue %s dlq %s%n",
                    c.path("id").asText(), c.path("type").asText(), c.path("health").asText(),
                    text(c, "lastSuccessfulPollAt"), text(c, "cursor"),
                    c.path("queueDepth").asInt() < 0 ? "?" : c.path("queueDepth").asText(),
                    c.path("deadLetterDepth").asInt(-1) < 0 ? "?" : c.path("deadLetterDepth").asText());
            if (c.path("experimental").asBoolean(false)) {
                out().println("    EXPERIMENTAL: " + c.path("experimentalNote").asText());
            }
            if (!c.path("healthMessage").asText().isEmpty()) {
                out().println("    " + c.path("healthMessage").asText());
            }
            for (JsonNode credential : c.path("credentials")) {
                out().printf("    %-28s expires %s%n", credential.path("name").asText(),
                        credential.path("expiresAt").isNull() ? "-" : credential.path("expiresAt").asText()
                                + " (" + credential.path("daysLeft").asLong() + " days)");
            }
            c.path("warnings").forEach(w -> out().println("    ! " + w.asText()));
        }
        return attention ? NEEDS_ATTENTION : OK;
    }
}
