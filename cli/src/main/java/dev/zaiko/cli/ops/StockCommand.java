package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "stock", mixinStandardHelpOptions = true,
        description = "Master SKUs: import and export stock as CSV, show one SKU everywhere, its history.",
        subcommands = {StockCommand.Import.class, StockCommand.Export.class, StockCommand.Show.class,
                StockCommand.History.class})
public final class StockCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Set stock from a CSV: sku,quantity[,safety_stock][,jan]. quantity N sets it (and creates "
                    + "a new SKU), +N adds, -N subtracts (existing SKUs only; never below 0).",
                    "The whole file is checked first: any error and nothing is written (every error is listed "
                            + "with its line; exit 1). Each change is journaled as csv:<file>:<line>."})
    static final class Import extends OpsCommand {
        @Parameters(paramLabel = "FILE.csv", description = "UTF-8 CSV with a header row.")
        Path file;

        @Option(names = "--dry-run", description = "Only check the file.")
        boolean dryRun;

        @Override
        int run(AdminClient client) {
            byte[] body = ListingsCommand.read(file);
            Map<String, String> query = new LinkedHashMap<>();
            query.put("file", file.getFileName().toString());
            if (dryRun) {
                query.put("dryRun", "true");
            }
            if (!client.reportsProgress() && !target.json) {
                err().println("checking and applying " + file.getFileName() + " (" + body.length + " bytes)...");
            }
            Answer answer = send(client, "POST", path("stock", "import"), query, body);
            if (printedRawOrError(answer)) {
                return exitFor(answer);
            }
            JsonNode result = answer.body();
            if (!printErrors(result)) {
                out().printf("%s: %d rows%s%n", text(result, "file"), result.path("rows").asInt(),
                        result.path("dryRun").asBoolean() ? " — the file is valid (dry run, nothing written)"
                                : " — " + result.path("created").asInt() + " created, " + result.path("changed").asInt()
                                + " changed, " + result.path("unchanged").asInt() + " unchanged");
                printFailed(result);
            }
            return exitFor(answer) == OK && result.path("failed").isEmpty() ? OK : NEEDS_ATTENTION;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every SKU as sku,quantity,safety_stock,jan (the import format: export then import "
                    + "changes nothing).")
    static final class Export extends OpsCommand {
        @Parameters(paramLabel = "FILE.csv", arity = "0..1", description = "Where to write (default: standard output).")
        Path file;

        @Override
        int run(AdminClient client) {
            Answer answer = send(client, "GET", path("stock"), Map.of("format", "csv"), new byte[0]);
            if (!answer.ok()) {
                err().println("zaiko: " + errorMessage(answer.body(), answer.response().bodyText()));
                return exitFor(answer);
            }
            if (file == null) {
                out().print(answer.response().bodyText());
                return OK;
            }
            try {
                Files.write(file, answer.response().body());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
            }
            long rows = answer.response().bodyText().lines().count() - 1;
            err().println("wrote " + rows + " SKUs to " + file);
            return OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One SKU: ledger, safety stock, sellable, and every listing with what its mall shows now.")
    static final class Show extends OpsCommand {
        @Parameters(paramLabel = "SKU")
        String sku;

        @Override
        int run(AdminClient client) {
            Answer answer = send(client, "GET", path("stock", ListingsCommand.encoded(sku)), Map.of(), new byte[0]);
            if (printedRawOrError(answer)) {
                return exitFor(answer);
            }
            JsonNode stock = answer.body().path("stock");
            out().printf("%s  %s%n", stock.path("sku").asText(), stock.path("name").isNull() ? ""
                    : stock.path("name").asText());
            out().printf("  available %d, safety stock %d, sellable %d, JAN %s%n", stock.path("available").asLong(),
                    stock.path("safetyStock").asLong(), stock.path("sellable").asLong(), text(stock, "jan"));
            JsonNode listings = answer.body().path("listings");
            if (listings.isEmpty()) {
                out().println("  no listings");
            }
            for (JsonNode l : listings) {
                String shown = l.path("shown").isNull() ? "?" : l.path("shown").asText();
                String mark = l.path("shown").isNull() ? "  (" + l.path("shownProblem").asText() + ")"
                        : l.path("shown").asLong() == l.path("sellable").asLong() ? "" : "  差異 differs";
                out().printf("  %-40s %-18s sellable %5d  mall shows %5s%s%n", l.path("listing").asText(),
                        l.path("components").asText(), l.path("sellable").asLong(), shown, mark);
            }
            return OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "The SKU's journal, newest first.")
    static final class History extends OpsCommand {
        @Parameters(paramLabel = "SKU")
        String sku;

        @Option(names = "--limit", defaultValue = "50", description = "Entries (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(AdminClient client) {
            Answer answer = send(client, "GET", path("stock", ListingsCommand.encoded(sku), "history"),
                    Map.of("limit", Integer.toString(limit)), new byte[0]);
            if (printedRawOrError(answer)) {
                return exitFor(answer);
            }
            for (JsonNode e : answer.body().path("entries")) {
                out().printf("%-24s v%-4d %6d -> %-6d (%+d)  %-17s %s%n", e.path("at").asText(),
                        e.path("version").asLong(), e.path("before").asLong(), e.path("after").asLong(),
                        e.path("delta").asLong(), e.path("reason").asText(), e.path("source").asText());
            }
            return OK;
        }
    }
}
