package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

@Command(name = "orders", mixinStandardHelpOptions = true,
        description = "Order lines that need the seller: OVERSOLD (sold on a mall beyond our stock), UNMAPPED "
                + "(an item not linked to a SKU yet; linking it applies the line) or REJECTED (an order the mall sent "
                + "that could not be read: quarantined with the reason; the other orders went on).")
public final class OrdersCommand extends OpsCommand {
    @Option(names = "--state", required = true, paramLabel = "OVERSOLD|UNMAPPED|REJECTED")
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
        if (answer.body().path("state").asText().equals("REJECTED")) {
            for (JsonNode order : lines) {
                out().printf("%-16s order %-22s %s  %s%n", order.path("channelId").asText(),
                        orderShown(order), order.path("updatedAt").asText(), order.path("reason").asText());
            }
            out().println(lines.size() + " REJECTED order" + (lines.size() == 1 ? "" : "s"));
            return OK;
        }
        for (JsonNode line : lines) {
            out().printf("%-16s order %-22s line %-10s item %-28s qty %3d%s%s  %s%n", line.path("channelId").asText(),
                    orderShown(line), line.path("lineId").asText(), line.path("itemKey").asText(),
                    line.path("quantity").asInt(), line.path("shortfall").isEmpty() ? ""
                            : "  short " + line.path("shortfall"), skus(line), line.path("updatedAt").asText());
        }
        out().println(lines.size() + " " + answer.body().path("state").asText() + " line" + (lines.size() == 1 ? "" : "s"));
        return OK;
    }

    /** The mall's own order name first where it has one (what the seller searches for), then the id. */
    static String orderShown(JsonNode line) {
        String name = line.path("orderName").asText("");
        String id = line.path("orderId").asText();
        return name.isEmpty() || name.equals(id) ? id : name + " (" + id + ")";
    }

    /** The SKUs of the line's item, e.g. {@code  sku TS-NAVY-M, SOCKS×2} (units per item); nothing when unmapped. */
    static String skus(JsonNode line) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : line.path("items")) {
            int units = item.path("units").asInt(1);
            text.append(text.isEmpty() ? "  sku " : ", ").append(item.path("sku").asText())
                    .append(units > 1 ? "×" + units : "");
        }
        return text.toString();
    }
}
