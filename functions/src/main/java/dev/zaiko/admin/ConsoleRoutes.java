package dev.zaiko.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.app.ops.DriftService;
import dev.zaiko.app.ops.Ops;
import dev.zaiko.app.ops.OpsException;
import dev.zaiko.app.ops.StockEditService;
import dev.zaiko.app.ops.StockReportService;
import dev.zaiko.app.ops.ShownRefresh;
import dev.zaiko.app.ops.StockTableService;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The routes the web console needs beyond the CLI's (docs/admin-api.md, "Console"): the paged,
 * searched stock table, bulk edits, 反映 to chosen malls, link / unlink, the listing reports and the
 * deployment's settings. Same rules as {@link AdminApi}: inputs validated before anything is
 * written, errors as {@code {"error": ...}}, no secret ever in an answer.
 */
final class ConsoleRoutes {
    /** Query parameters that turn {@code GET /admin/stock} into one page of the console's table. */
    static final Set<String> TABLE_PARAMS = Set.of("offset", "limit", "q", "channel", "below", "diff");
    private static final int MAX_JSON_BYTES = 1024 * 1024;

    private final Ops ops;
    private final ConsoleSettings settings;
    private final ObjectMapper json = new ObjectMapper();

    ConsoleRoutes(Ops ops, ConsoleSettings settings) {
        this.ops = ops;
        this.settings = settings;
    }

    /** The answer for a console route, or empty when the request is not one (AdminApi's own routes take it). */
    Optional<AdminResponse> route(String method, String rest, AdminRequest request) {
        return Optional.ofNullable(switch (method + " " + rest) {
            case "GET /stock" -> TABLE_PARAMS.stream().anyMatch(request.query()::containsKey) ? table(request) : null;
            case "POST /stock/adjust" -> adjust(request);
            case "POST /stock/push" -> push(request);
            case "POST /listings/link" -> link(request);
            case "POST /listings/unlink" -> unlink(request);
            case "GET /listings/report" -> report();
            case "GET /settings" -> settings();
            case "POST /stock/refresh" -> refresh(request);
            case "GET /templates/stock.csv" -> template(StockTemplate.STOCK);
            case "GET /templates/listings.csv" -> template(StockTemplate.LISTINGS);
            default -> rest.startsWith("/stock/refresh/") && method.equals("GET")
                    ? refreshJob(rest.substring("/stock/refresh/".length())) : null;
        });
    }

    // ------------------------------------------------------------------ the table

    private AdminResponse table(AdminRequest request) {
        String diff = request.param("diff").orElse("all");
        if (!diff.equals("all") && !diff.equals("only")) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_DIFF", java.util.Map.of("value", diff),
                    "diff must be all or only (got " + diff + ")");
        }
        StockTableService.Page page = ops.table().page(new StockTableService.Query(request.param("q"),
                request.param("channel"), request.param("below").map(b -> OptionalLong.of(number(b, "below")))
                .orElse(OptionalLong.empty()), diff.equals("only"),
                clampedInt(request.param("offset").map(o -> number(o, "offset")).orElse(0L)),
                clampedInt(request.param("limit").map(l -> number(l, "limit")).orElse(50L))));
        ObjectNode root = json.createObjectNode();
        root.put("total", page.total());
        root.put("offset", page.offset());
        root.put("limit", page.limit());
        root.put("snapshotAt", page.snapshotAt().toString());
        columns(root.putArray("channels"), page.channels());
        rows(root.putArray("items"), page.rows());
        root.putArray("problems");
        return AdminResponse.json(200, root.toString());
    }

    private void columns(ArrayNode array, List<StockTableService.Column> columns) {
        for (StockTableService.Column column : columns) {
            ObjectNode node = array.addObject().put("id", column.channel().id()).put("type", column.channel().type());
            column.lastCheck().ifPresentOrElse(r -> node.putObject("lastCheck")
                    .put("at", r.finishedAt().toString()).put("status", r.status().name())
                    .put("checked", r.checked()).put("listings", r.listings()).put("drifted", r.drifted())
                    .put("missing", r.missing()).put("message", r.message()), () -> node.putNull("lastCheck"));
        }
    }

    private void rows(ArrayNode items, List<StockTableService.Row> rows) {
        for (StockTableService.Row row : rows) {
            ObjectNode item = stockRow(row.stock());
            item.put("differs", row.differs());
            ArrayNode listings = item.putArray("listings");
            for (StockTableService.Cell cell : row.listings()) {
                ObjectNode node = listings.addObject();
                node.put("listing", cell.listing().value());
                node.put("channelId", cell.listing().channelId());
                node.put("itemKey", cell.listing().itemKey());
                node.put("set", cell.set());
                components(node.putArray("components"), cell.components());
                node.put("sellable", cell.sellable());
                if (cell.shown().isPresent()) {
                    node.put("shown", cell.shown().getAsLong());
                } else {
                    node.putNull("shown");
                }
                node.put("status", cell.status().name());
                node.put("source", cell.source().name());
                cell.shownAt().ifPresentOrElse(a -> node.put("shownAt", a.toString()), () -> node.putNull("shownAt"));
                if (cell.lastPush().isPresent()) {
                    var push = cell.lastPush().get();
                    ObjectNode last = node.putObject("lastPush");
                    push.lastPushedQuantity().ifPresentOrElse(q -> last.put("quantity", q), () -> last.putNull("quantity"));
                    last.put("status", push.status() == null ? "" : push.status().name());
                    last.put("mallCode", push.mallCode());
                    last.put("message", push.message());
                    last.put("at", push.at().toString());
                } else {
                    node.putNull("lastPush");
                }
                node.put("pushFailed", cell.pushFailed());
            }
            items.add(item);
        }
    }

    // ------------------------------------------------------------------ 再取得

    private AdminResponse refresh(AdminRequest request) {
        List<String> channels = request.body().length == 0 ? List.of()
                : body(request).has("channels") ? strings(body(request), "channels") : List.of();
        return AdminResponse.json(202, job(ops.refresh().start(channels)).toString());
    }

    private AdminResponse refreshJob(String id) {
        return ops.refresh().job(id).map(j -> AdminResponse.json(200, job(j).toString()))
                .orElseThrow(() -> new OpsException(OpsException.Kind.NOT_FOUND, "UNKNOWN_JOB",
                        java.util.Map.of("job", id), "no refresh job " + id + " (jobs are kept in memory)"));
    }

    private ObjectNode job(ShownRefresh.Job job) {
        ObjectNode root = json.createObjectNode();
        root.put("jobId", job.id());
        root.put("state", job.state().name());
        root.put("startedAt", job.startedAt().toString());
        ArrayNode channels = root.putArray("channels");
        for (ShownRefresh.ChannelRun run : job.channels()) {
            ObjectNode node = channels.addObject().put("channelId", run.channelId()).put("state", run.state().name());
            run.report().ifPresentOrElse(r -> node.put("status", r.status().name())
                    .put("finishedAt", r.finishedAt().toString()).put("message", r.message())
                    .put("drifted", r.drifted()).put("missing", r.missing()), () -> node.putNull("finishedAt"));
            node.put("error", run.error());
        }
        if (job.state() != ShownRefresh.State.RUNNING) {
            columns(root.putArray("columns"), ops.table().columns());
        }
        return root;
    }

    private AdminResponse template(StockTemplate template) {
        return new AdminResponse(200, AdminResponse.CSV, template.bytes());
    }

    // ------------------------------------------------------------------ edits

    private AdminResponse adjust(AdminRequest request) {
        JsonNode body = body(request);
        String op = text(body, "op");
        StockEditService.Operation operation;
        try {
            operation = StockEditService.Operation.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_OPERATION", java.util.Map.of("value", op),
                    "op must be set, add, subtract or safety (got "
                    + op + ")");
        }
        StockEditService.EditResult result = ops.edit().adjust(strings(body, "skus"), operation,
                wholeNumber(body, "quantity"), request.user());
        ObjectNode root = json.createObjectNode();
        root.put("op", operation.name().toLowerCase(Locale.ROOT));
        ArrayNode errors = root.putArray("errors");
        result.errors().forEach(e -> errors.add(AdminApi.lineError(json, e)));
        ArrayNode edited = root.putArray("edited");
        for (StockEditService.Edited e : result.edited()) {
            ObjectNode node = edited.addObject();
            node.put("sku", e.sku());
            e.before().ifPresentOrElse(b -> node.put("before", b.available()), () -> node.putNull("before"));
            e.after().ifPresentOrElse(a -> node.set("after", stockRow(new StockReportService.StockRow(a.sku(), a.available(), a.safetyStock(), a.sellableUnits(), a.jan(), a.name(), a.version()))),
                    () -> node.putNull("after"));
            e.problem().ifPresentOrElse(p -> node.put("problem", p), () -> node.putNull("problem"));
        }
        List<dev.zaiko.domain.StockLevel> changed = result.edited().stream().flatMap(e -> e.after().stream()).toList();
        ops.table().stockChanged(changed);
        rows(root.putArray("rows"), result.edited().isEmpty() ? List.of()
                : ops.table().rows(result.edited().stream().map(StockEditService.Edited::sku).toList()));
        return AdminResponse.json(result.errors().isEmpty() ? 200 : 422, root.toString());
    }

    private AdminResponse push(AdminRequest request) {
        JsonNode body = body(request);
        List<String> channels = body.has("channels") ? strings(body, "channels") : List.of();
        List<String> skus = strings(body, "skus");
        DriftService.PushReport report = ops.edit().push(skus, channels);
        ops.table().pushRequested(report.listings());
        ObjectNode root = json.createObjectNode();
        root.put("requested", report.requested());
        root.put("urgent", report.urgent());
        ObjectNode byChannel = root.putObject("byChannel");
        report.byChannel().forEach(byChannel::put);
        rows(root.putArray("rows"), ops.table().rows(skus));
        return AdminResponse.json(200, root.toString());
    }

    private AdminResponse link(AdminRequest request) {
        JsonNode body = body(request);
        JsonNode parts = body.path("components");
        if (!parts.isArray()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_COMPONENTS", java.util.Map.of(),
                    "components must be a list of {sku, units}");
        }
        List<Component> components = new ArrayList<>();
        for (JsonNode part : parts) {
            long units = part.has("units") ? wholeNumber(part, "units") : 1;
            try {
                components.add(new Component(text(part, "sku"), (int) Math.min(units, Integer.MAX_VALUE)));
            } catch (IllegalArgumentException e) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_COMPONENT", java.util.Map.of("message",
                        String.valueOf(e.getMessage())), e.getMessage());
            }
        }
        Listing listing = ops.edit().link(text(body, "channelId"), text(body, "itemKey"), components,
                body.path("replace").asBoolean(false));
        ops.table().listingSaved(listing);
        return AdminResponse.json(200, listing(listing).toString());
    }

    private AdminResponse unlink(AdminRequest request) {
        JsonNode body = body(request);
        Listing removed = ops.edit().unlink(text(body, "channelId"), text(body, "itemKey"));
        ops.table().listingRemoved(removed.key());
        return AdminResponse.json(200, listing(removed).put("unlinked", true).toString());
    }

    private AdminResponse report() {
        StockEditService.ListingReport report = ops.edit().report();
        ObjectNode root = json.createObjectNode();
        ArrayNode duplicates = root.putArray("duplicates");
        for (StockEditService.DuplicateLink d : report.duplicates()) {
            ObjectNode node = duplicates.addObject().put("channelId", d.channelId()).put("sku", d.sku());
            ArrayNode keys = node.putArray("itemKeys");
            d.listings().forEach(k -> keys.add(k.itemKey()));
        }
        ArrayNode unknown = root.putArray("unknown");
        for (StockEditService.UnknownItem u : report.unknown()) {
            ObjectNode node = unknown.addObject().put("listing", u.listing().value())
                    .put("channelId", u.listing().channelId()).put("itemKey", u.listing().itemKey())
                    .put("lines", u.lines()).put("units", u.units());
            ArrayNode orders = node.putArray("orderIds");
            u.orderIds().forEach(orders::add);
        }
        return AdminResponse.json(200, root.toString());
    }

    private AdminResponse settings() {
        ObjectNode root = json.createObjectNode();
        settings.fixedEgressIp().ifPresentOrElse(ip -> root.put("fixedEgressIp", ip), () -> root.putNull("fixedEgressIp"));
        ArrayNode fixed = root.putArray("fixedIpChannels");
        settings.fixedIpChannels().forEach(fixed::add);
        root.put("environment", settings.environment());
        return AdminResponse.json(200, root.toString());
    }

    // ------------------------------------------------------------------ helpers

    private ObjectNode stockRow(StockReportService.StockRow row) {
        ObjectNode node = json.createObjectNode();
        node.put("sku", row.sku());
        row.name().ifPresentOrElse(n -> node.put("name", n), () -> node.putNull("name"));
        row.jan().ifPresentOrElse(j -> node.put("jan", j), () -> node.putNull("jan"));
        node.put("available", row.available());
        node.put("safetyStock", row.safetyStock());
        node.put("sellable", row.sellable());
        node.put("version", row.version());
        return node;
    }

    private ObjectNode listing(Listing listing) {
        ObjectNode node = json.createObjectNode();
        ListingKey key = listing.key();
        node.put("listing", key.value()).put("channelId", key.channelId()).put("itemKey", key.itemKey())
                .put("set", listing.isSet());
        components(node.putArray("components"), listing.components());
        return node;
    }

    private static void components(ArrayNode array, List<Component> components) {
        components.forEach(c -> array.addObject().put("sku", c.sku()).put("units", c.units()));
    }

    private JsonNode body(AdminRequest request) {
        if (request.body().length == 0) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BODY_REQUIRED", java.util.Map.of(), "a JSON body is required");
        }
        if (request.body().length > MAX_JSON_BYTES) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BODY_TOO_LARGE", java.util.Map.of("max", MAX_JSON_BYTES),
                    "the JSON body is larger than " + MAX_JSON_BYTES
                    + " bytes");
        }
        try {
            JsonNode node = json.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_JSON", java.util.Map.of("message", "not an object"),
                        "the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_JSON", java.util.Map.of("message",
                    String.valueOf(e.getOriginalMessage())), "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "BAD_JSON", java.util.Map.of("message",
                    String.valueOf(e.getMessage())), "the body cannot be read: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "FIELD_REQUIRED", java.util.Map.of("field", field),
                    field + " is required (text)");
        }
        return value.asText();
    }

    private static long wholeNumber(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "NOT_A_NUMBER", java.util.Map.of("field", field,
                    "value", value == null ? "" : value.toString()), field + " must be a whole number (got "
                    + (value == null ? "nothing" : value.toString()) + ")");
        }
        return value.asLong();
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "NOT_A_LIST", java.util.Map.of("field", field),
                    field + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new OpsException(OpsException.Kind.BAD_REQUEST, "NOT_TEXT", java.util.Map.of("field", field),
                        field + " must hold text only (got " + item + ")");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** Out-of-range values stay out of range (and are refused by the query), never wrap around. */
    private static int clampedInt(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static long number(String text, String field) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new OpsException(OpsException.Kind.BAD_REQUEST, "NOT_A_NUMBER", java.util.Map.of("field", field,
                    "value", text), field + " must be a whole number (got " + text + ")");
        }
    }
}
