package dev.zaiko.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.app.ops.CatalogService;
import dev.zaiko.app.ops.ChannelReportService;
import dev.zaiko.app.ops.DriftService;
import dev.zaiko.app.ops.LineError;
import dev.zaiko.app.ops.ListingImportService;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.app.ops.OpsException;
import dev.zaiko.app.ops.StockImportService;
import dev.zaiko.app.ops.StockReportService;
import dev.zaiko.domain.ChannelState;
import dev.zaiko.domain.JournalEntry;
import dev.zaiko.domain.LineState;
import dev.zaiko.domain.OrderLine;
import dev.zaiko.domain.port.ListingPushLog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The admin API: JSON over a plain request → response call, so the local gateway, an admin Lambda
 * (API Gateway event → {@link AdminRequest}) and the CLI's in-process mode all serve the same
 * thing. It calls {@link Ops} and maps results; it never returns a credential (channel rows carry
 * names and expiry dates only). Routes: {@code docs/admin-api.md}.
 */
public final class AdminApi {
    public static final String PREFIX = "/admin";

    private final Ops ops;
    private final ConsoleRoutes console;
    private final ObjectMapper json = new ObjectMapper();

    public AdminApi(Ops ops) {
        this(ops, ConsoleSettings.LOCAL);
    }

    public AdminApi(Ops ops, ConsoleSettings settings) {
        this.ops = ops;
        this.console = new ConsoleRoutes(ops, settings);
    }

    public AdminResponse handle(AdminRequest request) {
        try {
            return route(request);
        } catch (OpsException e) {
            int status = switch (e.kind()) {
                case NOT_FOUND -> 404;
                case BAD_REQUEST -> 400;
                case CONFLICT -> 409;
                case CHANNEL_FAILED -> 502;
            };
            return error(status, e.code(), e.params(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, "INVALID", java.util.Map.of(), e.getMessage());
        } catch (RuntimeException e) {
            // Adapter and ledger messages name channels, keys and codes, never secret values.
            return error(500, "INTERNAL", java.util.Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private AdminResponse route(AdminRequest request) {
        String path = request.rawPath();
        if (!path.startsWith(PREFIX + "/")) {
            return error(404, "no such route: " + path);
        }
        String rest = path.substring(PREFIX.length());
        String method = request.method().toUpperCase(Locale.ROOT);
        Optional<AdminResponse> forConsole = console.route(method, rest, request);
        if (forConsole.isPresent()) {
            return forConsole.get();
        }
        return switch (rest) {
            case "/stock" -> method.equals("GET") ? stock(request) : notAllowed(method, path);
            case "/stock/import" -> method.equals("POST") ? stockImport(request) : notAllowed(method, path);
            case "/listings/import" -> method.equals("POST") ? listingImport(request) : notAllowed(method, path);
            case "/listings/auto-link" -> method.equals("POST") ? autoLink(request) : notAllowed(method, path);
            case "/listings/import-amazon" -> method.equals("POST") ? importAmazon(request) : notAllowed(method, path);
            case "/diff" -> method.equals("GET") ? diff(request) : notAllowed(method, path);
            case "/push" -> method.equals("POST") ? push(request) : notAllowed(method, path);
            case "/channels" -> method.equals("GET") ? channels() : notAllowed(method, path);
            case "/orders" -> method.equals("GET") ? orders(request) : notAllowed(method, path);
            default -> {
                if (rest.startsWith("/stock/") && method.equals("GET")) {
                    String tail = rest.substring("/stock/".length());
                    if (tail.endsWith("/history")) {
                        yield history(AdminRequest.decode(tail.substring(0, tail.length() - "/history".length()),
                                false), request);
                    }
                    yield show(AdminRequest.decode(tail, false));
                }
                yield error(404, "no such route: " + method + " " + path);
            }
        };
    }

    // ------------------------------------------------------------------ stock

    private AdminResponse stock(AdminRequest request) {
        if (request.param("format").filter(f -> f.equalsIgnoreCase("csv")).isPresent()) {
            return new AdminResponse(200, AdminResponse.CSV, ops.stock().exportCsv().getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode items = root.putArray("items");
        ops.stock().stock().forEach(row -> items.add(stockRow(row)));
        return ok(root);
    }

    private AdminResponse show(String sku) {
        StockReportService.StockDetail detail = ops.stock().show(sku);
        ObjectNode root = json.createObjectNode();
        root.set("stock", stockRow(detail.stock()));
        ArrayNode listings = root.putArray("listings");
        for (StockReportService.ListingRow row : detail.listings()) {
            ObjectNode node = listings.addObject();
            node.put("listing", row.listing().value());
            node.put("channelId", row.listing().channelId());
            node.put("itemKey", row.listing().itemKey());
            node.put("components", row.components());
            node.put("sellable", row.sellable());
            put(node, "shown", row.shown());
            node.put("shownProblem", row.shownProblem());
            ListingPushLog.Entry push = row.lastPush().orElse(null);
            if (push == null) {
                node.putNull("lastPush");
            } else {
                ObjectNode last = node.putObject("lastPush");
                put(last, "quantity", push.lastPushedQuantity());
                last.put("status", push.status() == null ? "" : push.status().name());
                last.put("mallCode", push.mallCode());
                last.put("message", push.message());
                put(last, "at", Optional.ofNullable(push.at()));
            }
        }
        return ok(root);
    }

    private AdminResponse history(String sku, AdminRequest request) {
        int limit = request.param("limit").map(AdminApi::parseLimit).orElse(50);
        ObjectNode root = json.createObjectNode();
        root.put("sku", sku);
        ArrayNode entries = root.putArray("entries");
        for (JournalEntry entry : ops.stock().history(sku, limit)) {
            ObjectNode node = entries.addObject();
            node.put("version", entry.version());
            node.put("at", entry.at().toString());
            node.put("before", entry.before());
            node.put("after", entry.after());
            node.put("delta", entry.delta());
            node.put("safetyStockBefore", entry.safetyStockBefore());
            node.put("safetyStockAfter", entry.safetyStockAfter());
            node.put("reason", entry.reason().name());
            node.put("source", entry.source().toString());
        }
        return ok(root);
    }

    private AdminResponse stockImport(AdminRequest request) {
        StockImportService.Result result = ops.stockImport().importCsv(request.param("file").orElse("upload.csv"),
                request.body(), request.flag("dryRun"), request.progress());
        ObjectNode root = json.createObjectNode();
        root.put("file", result.file());
        root.put("encoding", dev.zaiko.app.ops.CsvTable.detect(request.body()).label());
        root.put("rows", result.rows());
        root.put("dryRun", result.dryRun());
        root.put("applied", result.applied());
        root.put("created", result.created());
        root.put("changed", result.changed());
        root.put("unchanged", result.unchanged());
        errors(root.putArray("errors"), result.errors());
        errors(root.putArray("failed"), result.failed());
        return json(result.errors().isEmpty() ? 200 : 422, root);
    }

    private AdminResponse listingImport(AdminRequest request) {
        ListingImportService.Result result = ops.listingImport().importCsv(
                request.param("file").orElse("upload.csv"), request.body(), request.flag("replace"),
                request.flag("dryRun"), request.progress());
        ObjectNode root = json.createObjectNode();
        root.put("file", result.file());
        root.put("encoding", dev.zaiko.app.ops.CsvTable.detect(request.body()).label());
        root.put("rows", result.rows());
        root.put("listings", result.listings());
        root.put("dryRun", result.dryRun());
        root.put("applied", result.applied());
        root.put("created", result.created());
        root.put("replaced", result.replaced());
        root.put("unchanged", result.unchanged());
        errors(root.putArray("errors"), result.errors());
        errors(root.putArray("failed"), result.failed());
        errors(root.putArray("unknownAtMall"), result.unknownAtMall());
        return json(result.errors().isEmpty() ? 200 : 422, root);
    }

    // ------------------------------------------------------------------ catalogue

    private AdminResponse autoLink(AdminRequest request) {
        String channel = request.param("channel").orElseThrow(() ->
                new OpsException(OpsException.Kind.BAD_REQUEST, "FIELD_REQUIRED",
                        java.util.Map.of("field", "channel"), "channel is required"));
        String by = request.param("by").orElseThrow(() ->
                new OpsException(OpsException.Kind.BAD_REQUEST, "FIELD_REQUIRED",
                        java.util.Map.of("field", "by"), "by is required (jan or code)"));
        CatalogService.MatchBy matchBy = switch (by.toLowerCase(Locale.ROOT)) {
            case "jan" -> CatalogService.MatchBy.JAN;
            case "code" -> CatalogService.MatchBy.CODE;
            default -> throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_MATCH_BY", java.util.Map.of("value", by),
                    "by must be jan or code (got " + by + ")");
        };
        CatalogService.AutoLinkReport report = ops.catalog().autoLink(channel, matchBy, request.flag("dryRun"),
                request.progress());
        ObjectNode root = json.createObjectNode();
        root.put("channelId", report.channelId());
        root.put("by", report.by().name().toLowerCase(Locale.ROOT));
        root.put("dryRun", report.dryRun());
        root.put("catalogueItems", report.catalogueItems());
        linked(root.putArray("linked"), report.linked());
        root.put("alreadyLinked", report.alreadyLinked());
        notLinked(root.putArray("notLinked"), report.notLinked());
        return ok(root);
    }

    private AdminResponse importAmazon(AdminRequest request) {
        CatalogService.CatalogImportReport report = ops.catalog().importAmazon(request.param("channel"),
                request.flag("dryRun"), request.user(), request.progress());
        ObjectNode root = json.createObjectNode();
        root.put("channelId", report.channelId());
        root.put("dryRun", report.dryRun());
        root.put("catalogueItems", report.catalogueItems());
        ArrayNode created = root.putArray("createdSkus");
        report.createdSkus().forEach(created::add);
        linked(root.putArray("linked"), report.linked());
        root.put("alreadyLinked", report.alreadyLinked());
        notLinked(root.putArray("skipped"), report.skipped());
        return ok(root);
    }

    // ------------------------------------------------------------------ drift

    private AdminResponse diff(AdminRequest request) {
        DriftService.DiffReport report = ops.drift().diff(request.param("channel"), request.progress());
        ObjectNode root = json.createObjectNode();
        root.put("checked", report.lines().size());
        root.put("differing", report.differing());
        ArrayNode lines = root.putArray("listings");
        for (DriftService.DiffLine line : report.lines()) {
            ObjectNode node = lines.addObject();
            node.put("listing", line.listing().value());
            node.put("channelId", line.listing().channelId());
            node.put("itemKey", line.listing().itemKey());
            node.put("components", line.components());
            node.put("sellable", line.sellable());
            put(node, "shown", line.shown());
            node.put("difference", line.difference());
            node.put("status", line.status().name());
        }
        ArrayNode problems = root.putArray("problems");
        report.problems().forEach(p -> problems.addObject().put("channelId", p.channelId()).put("message", p.message()));
        return ok(root);
    }

    private AdminResponse push(AdminRequest request) {
        Optional<String> sku = request.param("sku");
        Optional<String> channel = request.param("channel");
        boolean all = request.flag("all");
        int given = (sku.isPresent() ? 1 : 0) + (channel.isPresent() ? 1 : 0) + (all ? 1 : 0);
        if (given != 1) {
            return error(400, "PUSH_TARGET", java.util.Map.of(), "give exactly one of sku, channel or all=true");
        }
        DriftService.PushTarget target = sku.<DriftService.PushTarget>map(DriftService.PushTarget.Sku::new)
                .or(() -> channel.map(DriftService.PushTarget.Channel::new))
                .orElse(new DriftService.PushTarget.All());
        DriftService.PushReport report = ops.drift().push(target);
        ObjectNode root = json.createObjectNode();
        root.put("requested", report.requested());
        root.put("urgent", report.urgent());
        ObjectNode byChannel = root.putObject("byChannel");
        report.byChannel().forEach(byChannel::put);
        return ok(root);
    }

    // ------------------------------------------------------------------ channels and orders

    private AdminResponse channels() {
        ObjectNode root = json.createObjectNode();
        ArrayNode channels = root.putArray("channels");
        java.util.Map<String, dev.zaiko.schema.MallFacts> malls = new java.util.HashMap<>();
        dev.zaiko.schema.MallFacts.all().forEach(f -> malls.put(f.type(), f));
        for (ChannelReportService.ChannelRow row : ops.channels().channels()) {
            ChannelState state = row.state();
            ObjectNode node = channels.addObject();
            node.put("id", row.id());
            node.put("type", row.type());
            mall(node, row.type(), java.util.Optional.ofNullable(malls.get(row.type())));
            node.put("health", state.health().name());
            node.put("healthMessage", state.healthMessage());
            put(node, "healthSince", state.healthSince());
            put(node, "lastPollAt", state.lastPollAt());
            // the poll state is recorded only by a poll that succeeded: failures change health, not this
            put(node, "lastSuccessfulPollAt", state.lastPollAt());
            node.put("lastPollEvents", state.lastPollEvents());
            put(node, "cursor", state.cursor());
            node.put("queueDepth", row.queueDepth());
            java.util.Optional<String> experimental =
                    dev.zaiko.domain.channel.ChannelAdapterFactory.experimentalNote(row.type());
            node.put("experimental", experimental.isPresent());
            if (experimental.isPresent()) {
                node.put("experimentalNote", experimental.get());
            }
            node.put("deadLetterDepth", row.deadLetters());
            ArrayNode credentials = node.putArray("credentials");
            for (ChannelReportService.CredentialRow credential : row.credentials()) {
                ObjectNode c = credentials.addObject();
                c.put("name", credential.name());
                put(c, "expiresAt", credential.expiresAt());
                if (credential.daysLeft().isPresent()) {
                    c.put("daysLeft", credential.daysLeft().get());
                } else {
                    c.putNull("daysLeft");
                }
                c.put("needsRenewal", credential.needsRenewal());
                c.put("renewal", credential.renewal());
                // the mall's own words in Japanese (the console's default); renewal stays English
                c.put("nameJa", credential.ja().name());
                c.put("renewalJa", credential.ja().renewal());
            }
            if (row.problem().isPresent()) {
                node.put("problem", row.problem().get());
            } else {
                node.putNull("problem");
            }
            ArrayNode warnings = node.putArray("warnings");
            row.warnings().forEach(warnings::add);
        }
        return ok(root);
    }

    /**
     * The mall registry's facts of the channel's type (names in both languages, webhooks, fixed
     * caller IP, rate limits), so the console names and flags malls without a list of its own.
     */
    private static void mall(ObjectNode channel, String type, java.util.Optional<dev.zaiko.schema.MallFacts> facts) {
        ObjectNode mall = channel.putObject("mall");
        mall.put("type", type);
        ObjectNode name = mall.putObject("name");
        name.put("ja", facts.map(f -> f.name("ja")).orElse(type));
        name.put("en", facts.map(f -> f.name("en")).orElse(type));
        mall.put("orderWebhook", facts.map(dev.zaiko.schema.MallFacts::orderWebhook).orElse(false));
        mall.put("fixedIp", facts.map(dev.zaiko.schema.MallFacts::fixedIp).orElse(false));
        mall.put("rateLimits", facts.map(dev.zaiko.schema.MallFacts::rateLimits).orElse(""));
    }

    private AdminResponse orders(AdminRequest request) {
        String stateText = request.param("state").orElseThrow(() ->
                new OpsException(OpsException.Kind.BAD_REQUEST, "FIELD_REQUIRED",
                        java.util.Map.of("field", "state"), "state is required (OVERSOLD, UNMAPPED or REJECTED)"));
        if (stateText.equalsIgnoreCase("REJECTED")) {
            return rejectedOrders(request);
        }
        LineState state;
        try {
            state = LineState.valueOf(stateText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return error(400, "BAD_STATE", java.util.Map.of("value", stateText),
                    "state must be OVERSOLD, UNMAPPED or REJECTED (got " + stateText + ")");
        }
        int limit = request.param("limit").map(AdminApi::parseLimit).orElse(500);
        ObjectNode root = json.createObjectNode();
        root.put("state", state.name());
        ArrayNode lines = root.putArray("lines");
        for (ChannelReportService.AttentionLine row : ops.channels().attention(state, limit)) {
            OrderLine line = row.line();
            ObjectNode node = lines.addObject();
            node.put("lineKey", line.lineKey());
            node.put("channelId", line.channelId());
            node.put("orderId", line.orderId());
            node.put("lineId", line.lineId());
            node.put("itemKey", line.itemKey());
            node.put("quantity", line.quantity());
            node.put("state", line.state().name());
            ObjectNode taken = node.putObject("taken");
            line.taken().forEach(taken::put);
            ObjectNode shortfall = node.putObject("shortfall");
            line.shortfall().forEach(shortfall::put);
            node.put("mallStatus", line.mallStatus());
            node.put("updatedAt", line.updatedAt().toString());
            node.put("orderName", row.orderName());
            ArrayNode items = node.putArray("items");
            for (ChannelReportService.OrderItem item : row.items()) {
                ObjectNode i = items.addObject().put("sku", item.sku());
                putText(i, "name", item.name());
                i.put("units", item.units());
            }
            orderLink(node, row.link());
        }
        return ok(root);
    }

    /**
     * Orders a mall sent that could not be normalised (quarantined by the poller): one row per order
     * with the reason and the mall's raw data (at most 2 KB), in the same {@code lines} list as the
     * other states so the CLI and the console read them alike.
     */
    private AdminResponse rejectedOrders(AdminRequest request) {
        int limit = request.param("limit").map(AdminApi::parseLimit).orElse(500);
        ObjectNode root = json.createObjectNode();
        root.put("state", "REJECTED");
        ArrayNode lines = root.putArray("lines");
        for (ChannelReportService.RejectedRow row : ops.channels().rejected(limit)) {
            dev.zaiko.domain.RejectedOrder order = row.order();
            ObjectNode node = lines.addObject();
            node.put("channelId", order.channelId());
            node.put("orderId", order.orderId());
            node.put("state", "REJECTED");
            node.put("reason", order.reason());
            node.put("rawExcerpt", order.rawExcerpt());
            node.put("updatedAt", order.rejectedAt().toString());
            node.put("orderName", row.orderName());
            orderLink(node, row.link());
        }
        return ok(root);
    }

    /** {@code orderUrl} (null where the mall has no public order page) and whether its shape is confirmed. */
    private static void orderLink(ObjectNode node, Optional<dev.zaiko.domain.channel.SellerScreen.OrderLink> link) {
        if (link.isPresent()) {
            node.put("orderUrl", link.get().url().toString());
            node.put("orderUrlConfirmed", link.get().confirmed());
        } else {
            node.putNull("orderUrl");
            node.put("orderUrlConfirmed", false);
        }
    }

    // ------------------------------------------------------------------ mapping helpers

    private ObjectNode stockRow(StockReportService.StockRow row) {
        ObjectNode node = json.createObjectNode();
        node.put("sku", row.sku());
        node.put("available", row.available());
        node.put("safetyStock", row.safetyStock());
        node.put("sellable", row.sellable());
        putText(node, "jan", row.jan());
        putText(node, "name", row.name());
        node.put("version", row.version());
        return node;
    }

    private void errors(ArrayNode array, List<LineError> errors) {
        errors.forEach(e -> array.add(lineError(json, e)));
    }

    private static void linked(ArrayNode array, List<CatalogService.Linked> linked) {
        linked.forEach(l -> array.addObject().put("listing", l.listing().value()).put("itemKey", l.listing().itemKey())
                .put("sku", l.sku()).put("title", l.title()).put("matchedOn", l.matchedOn()));
    }

    private static void notLinked(ArrayNode array, List<CatalogService.NotLinked> items) {
        for (CatalogService.NotLinked item : items) {
            ObjectNode node = array.addObject();
            node.put("itemKey", item.itemKey());
            putText(node, "code", item.code());
            putText(node, "jan", item.jan());
            node.put("title", item.title());
            node.put("reason", item.reason());
        }
    }

    private static void put(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }

    private static void put(ObjectNode node, String field, Optional<Instant> value) {
        if (value.isPresent()) {
            node.put(field, value.get().toString());
        } else {
            node.putNull(field);
        }
    }

    private static void putText(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    private static int parseLimit(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "NOT_A_NUMBER", java.util.Map.of("field", "limit",
                    "value", text), "limit must be a whole number (got " + text + ")");
        }
    }

    private AdminResponse ok(ObjectNode root) {
        return json(200, root);
    }

    private AdminResponse json(int status, ObjectNode root) {
        return AdminResponse.json(status, root.toString());
    }

    private AdminResponse error(int status, String message) {
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            default -> "BAD_REQUEST";
        };
        return error(status, code, java.util.Map.of(), message);
    }

    /**
     * Every refusal as {@code {"error":{"code":"UNKNOWN_SKU","params":{"sku":"A-1"},"message":"…"}}}: the
     * console translates by {@code code} (with {@code params} filled in), the CLI prints {@code message}.
     */
    private AdminResponse error(int status, String code, java.util.Map<String, String> params, String message) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        ObjectNode values = error.putObject("params");
        params.forEach(values::put);
        error.put("message", message == null ? "" : message);
        return json(status, root);
    }

    /** One line's problem, with its code for the console: {@code {"line","code","params","message"}}. */
    static ObjectNode lineError(ObjectMapper json, LineError e) {
        ObjectNode node = json.createObjectNode().put("line", e.line()).put("code", e.code());
        ObjectNode values = node.putObject("params");
        e.params().forEach(values::put);
        node.put("message", e.message());
        return node;
    }

    private AdminResponse notAllowed(String method, String path) {
        return error(405, method + " is not allowed on " + path);
    }
}
