package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = "反映: push the ledger's sellable quantity to the malls again (queued for each channel's "
                + "pusher, which is woken at once).")
public final class PushCommand extends OpsCommand {
    static final class Scope {
        @Option(names = "--sku", paramLabel = "S", description = "Every listing of this SKU (sets included).")
        String sku;

        @Option(names = "--channel", paramLabel = "ID", description = "Every listing of this channel.")
        String channel;

        @Option(names = "--all", description = "Every listing of every channel.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Override
    int run(AdminClient client) {
        Map<String, String> query = scope.sku != null ? Map.of("sku", scope.sku)
                : scope.channel != null ? Map.of("channel", scope.channel) : Map.of("all", "true");
        Answer answer = send(client, "POST", path("push"), query, new byte[0]);
        if (printedRawOrError(answer)) {
            return exitFor(answer);
        }
        JsonNode body = answer.body();
        out().printf("requested %d pushes (%d urgent)%n", body.path("requested").asInt(), body.path("urgent").asInt());
        body.path("byChannel").fields().forEachRemaining(e -> out().printf("  %-20s %d%n", e.getKey(),
                e.getValue().asInt()));
        return OK;
    }
}
