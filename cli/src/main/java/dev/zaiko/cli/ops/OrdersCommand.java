package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

@Command(name = "orders", mixinStandardHelpOptions = true,
        description = "Order lines that need the seller: OVERSOLD (sold on a mall beyond our stock) or UNMAPPED "
                + "(an item not linked to a SKU yet; linking it applies the line).")
public final class OrdersCommand extends OpsCommand {
    @Option(names = "--state", required = true, paramLabel = "OVERSOLD|UNMAPPED")
    String state;

    @Option(names = "--limit", defaultValue = "500", description = "Lines (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(AdminClient client) {
        Answer answer = send(client, "GET", path("orders"), Map.of("state", state, "limit", Integer.toString(limit)),
                new byte[0]);
        if (printedRawOrError(answer)) {
            return exitFor(answer);
        }
        JsonNode lines = answer.body().path("lines");
        for (JsonNode line : lines) {
            out().printf("%-16s order %-22s line %-10s item %-28s qty %3d%s  %s%n", line.path("channelId").asText(),
                    line.path("orderId").asText(), line.path("lineId").asText(), line.path("itemKey").asText(),
                    line.path("quantity").asInt(), line.path("shortfall").isEmpty() ? ""
                            : "  short " + line.path("shortfall"), line.path("updatedAt").asText());
        }
        out().println(lines.size() + " " + answer.body().path("state").asText() + " line" + (lines.size() == 1 ? "" : "s"));
        return OK;
    }
}
