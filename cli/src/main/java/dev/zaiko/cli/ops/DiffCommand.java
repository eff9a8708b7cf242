package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"差異: for every mapped listing, what the mall shows against the sellable quantity of the "
                + "ledger. Exit 1 when any differs (repair with `zaiko push`)."})
public final class DiffCommand extends OpsCommand {
    @Option(names = "--channel", paramLabel = "ID", description = "Only this channel.")
    String channel;

    @Option(names = "--all-lines", description = "Also print listings that agree.")
    boolean allLines;

    @Override
    int run(AdminClient client) {
        if (!client.reportsProgress() && !target.json) {
            err().println("reading what each mall shows...");
        }
        Answer answer = send(client, "GET", path("diff"), channel == null ? Map.of() : Map.of("channel", channel),
                new byte[0]);
        if (target.json) {
            out().println(answer.response().bodyText());
            return answer.ok() ? (answer.body().path("differing").asLong() > 0 ? NEEDS_ATTENTION : OK) : exitFor(answer);
        }
        if (printedRawOrError(answer)) {
            return exitFor(answer);
        }
        JsonNode body = answer.body();
        for (JsonNode line : body.path("listings")) {
            if (!allLines && line.path("status").asText().equals("SAME")) {
                continue;
            }
            out().printf("%-10s %-40s sellable %5d  mall shows %5s%s%n", line.path("status").asText(),
                    line.path("listing").asText(), line.path("sellable").asLong(),
                    line.path("shown").isNull() ? "-" : line.path("shown").asText(),
                    line.path("shown").isNull() ? "" : String.format("  (%+d)", line.path("difference").asLong()));
        }
        body.path("problems").forEach(p -> err().println("could not read " + p.path("channelId").asText() + ": "
                + p.path("message").asText()));
        long differing = body.path("differing").asLong();
        out().printf("%d listings checked, %d differ%s%n", body.path("checked").asLong(), differing,
                differing > 0 ? " — `zaiko push --channel ID` or `--all` writes the ledger's quantity again" : "");
        return differing > 0 ? NEEDS_ATTENTION : OK;
    }
}
