package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zaiko.admin.AdminRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "listings", mixinStandardHelpOptions = true,
        description = "Link mall items (listings) to master SKUs: from a CSV, by JAN or code, or from Amazon.",
        subcommands = {ListingsCommand.Import.class, ListingsCommand.AutoLink.class, ListingsCommand.ImportAmazon.class})
public final class ListingsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Map listings from a CSV: channel_id,item_key,sku[,units] (one row per component; "
                    + "several rows for one item make a set; units defaults to 1).",
                    "The whole file is checked first: any error and nothing is written (every error is listed "
                            + "with its line; exit 1)."})
    static final class Import extends OpsCommand {
        @Parameters(paramLabel = "FILE.csv", description = "UTF-8 CSV with a header row.")
        Path file;

        @Option(names = "--replace", description = "Replace listings that are already mapped to other SKUs.")
        boolean replace;

        @Option(names = "--dry-run", description = "Only check the file.")
        boolean dryRun;

        @Override
        int run(AdminClient client) {
            byte[] body = read(file);
            Map<String, String> query = new LinkedHashMap<>();
            query.put("file", file.getFileName().toString());
            if (replace) {
                query.put("replace", "true");
            }
            if (dryRun) {
                query.put("dryRun", "true");
            }
            if (!client.reportsProgress() && !target.json) {
                err().println("checking and applying " + file.getFileName() + " (" + body.length + " bytes)...");
            }
            Answer answer = send(client, "POST", path("listings", "import"), query, body);
            if (printedRawOrError(answer)) {
                return exitFor(answer);
            }
            JsonNode result = answer.body();
            if (!printErrors(result)) {
                out().printf("%s: %d rows, %d listings%s%n", text(result, "file"), result.path("rows").asInt(),
                        result.path("listings").asInt(), result.path("dryRun").asBoolean()
                                ? " — the file is valid (dry run, nothing written)"
                                : " — " + result.path("created").asInt() + " created, " + result.path("replaced").asInt()
                                + " replaced, " + result.path("unchanged").asInt() + " unchanged");
                printFailed(result);
                for (JsonNode unknown : result.path("unknownAtMall")) {
                    err().printf("  line %d: %s%n", unknown.path("line").asInt(), unknown.path("message").asText());
                }
            }
            return exitFor(answer) == OK && result.path("failed").isEmpty() && result.path("unknownAtMall").isEmpty()
                    ? OK : NEEDS_ATTENTION;
        }
    }

    @Command(name = "auto-link", mixinStandardHelpOptions = true,
            description = "Read the channel's catalogue through its API (Shopify, Amazon) and link every item whose "
                    + "JAN (or code) equals a master SKU's; prints what it linked and what it could not.")
    static final class AutoLink extends OpsCommand {
        @Option(names = "--channel", required = true, paramLabel = "ID", description = "The channel account.")
        String channel;

        @Option(names = "--by", required = true, paramLabel = "jan|code",
                description = "Match the mall's JAN barcode with the SKU's JAN, or the mall's own code with the SKU.")
        String by;

        @Option(names = "--dry-run", description = "Show what would be linked; link nothing.")
        boolean dryRun;

        @Override
        int run(AdminClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("channel", channel);
            query.put("by", by);
            if (dryRun) {
                query.put("dryRun", "true");
            }
            Answer answer = send(client, "POST", path("listings", "auto-link"), query, new byte[0]);
            if (printedRawOrError(answer)) {
                return exitFor(answer);
            }
            printLinks(this, answer.body(), "notLinked", dryRun ? "would link" : "linked");
            return OK;
        }
    }

    @Command(name = "import-amazon", mixinStandardHelpOptions = true,
            description = "Create master SKUs and Amazon listings in one step from the seller's Amazon listings "
                    + "(searchListingsItems): each seller SKU becomes a master SKU (title, JAN, the quantity Amazon "
                    + "shows) unless it exists, and is linked to it.")
    static final class ImportAmazon extends OpsCommand {
        @Option(names = "--channel", paramLabel = "ID", description = "The Amazon channel (default: the only one).")
        String channel;

        @Option(names = "--dry-run", description = "Show what would be created; write nothing.")
        boolean dryRun;

        @Override
        int run(AdminClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            if (channel != null) {
                query.put("channel", channel);
            }
            if (dryRun) {
                query.put("dryRun", "true");
            }
            Answer answer = send(client, "POST", path("listings", "import-amazon"), query, new byte[0]);
            if (printedRawOrError(answer)) {
                return exitFor(answer);
            }
            JsonNode body = answer.body();
            out().printf("%s: %d Amazon listings; %d new master SKUs%s%n", text(body, "channelId"),
                    body.path("catalogueItems").asInt(), body.path("createdSkus").size(), dryRun ? " (dry run)" : "");
            printLinks(this, body, "skipped", dryRun ? "would link" : "linked");
            return OK;
        }
    }

    static void printLinks(OpsCommand command, JsonNode body, String notLinkedField, String verb) {
        command.out().printf("%s %d, already linked %d, not linked %d (of %d catalogue items)%n", verb,
                body.path("linked").size(), body.path("alreadyLinked").asInt(), body.path(notLinkedField).size(),
                body.path("catalogueItems").asInt());
        body.path("linked").forEach(l -> command.out().printf("  + %s -> %s  (%s)  %s%n", l.path("listing").asText(),
                l.path("sku").asText(), l.path("matchedOn").asText(), l.path("title").asText()));
        body.path(notLinkedField).forEach(n -> command.out().printf("  - %s: %s  %s%n", n.path("itemKey").asText(),
                n.path("reason").asText(), n.path("title").asText()));
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static String encoded(String segment) {
        return AdminRequest.encode(segment);
    }
}
