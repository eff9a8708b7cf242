package dev.zaiko.sim.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.SimRequest;
import dev.zaiko.sim.SimResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.zaiko.sim.amazon.SpApiState.*;

import static dev.zaiko.sim.amazon.AmazonSimulator.*;

/**
 * Listings Items 2021-08-01: get, search and patch a listing's {@code fulfillment_availability}
 * (with lead time and restock date, real {@code merge} vs {@code replace} semantics).
 */
final class ListingsItemsApi extends SpApiSection {
    ListingsItemsApi(AmazonSimulator sim, SpApiState s) {
        super(sim, s);
    }

    /** {@code /listings/2021-08-01/items/{sellerId}/{sku}}: the seller id has no '/', a SKU may. */
    Optional<String[]> sellerAndSku(SimRequest request) {
        String rest = request.path().substring("/listings/2021-08-01/items/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new String[]{rest.substring(0, slash), rest.substring(slash + 1)});
    }

    SimResponse getListingsItem(SimRequest request) {
        String rest = request.path().substring("/listings/2021-08-01/items/".length());
        if (!rest.isEmpty() && (rest.indexOf('/') < 0 || rest.indexOf('/') == rest.length() - 1)) {
            return searchListingsItems(request, rest.replace("/", ""));
        }
        Optional<String[]> ids = sellerAndSku(request);
        Map<String, String> q = request.query();
        if (ids.isEmpty() || !q.containsKey("marketplaceIds")) {
            return invalidInput("sellerId, sku and marketplaceIds are required.");
        }
        if (!SELLER_ID.equals(ids.get()[0])) {
            return error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The seller id does not match the authorisation.");
        }
        String sku = ids.get()[1];
        Set<String> included = Set.of(q.getOrDefault("includedData", "summaries").split(","));
        ObjectNode recorded = s.recordedListings.get(sku);
        if (recorded != null) {
            // A recorded answer, as Amazon would send it: only the sections includedData asked for.
            ObjectNode answer = recorded.deepCopy();
            answer.retain(new java.util.ArrayList<>(
                    java.util.stream.Stream.concat(java.util.stream.Stream.of("sku"), included.stream()).toList()));
            answer.put("sku", sku);
            return ok(answer, "5.0");
        }
        ObjectNode body = json.createObjectNode();
        body.put("sku", sku);
        synchronized (s) {
            boolean mfn = s.listings.containsKey(sku) && sim.hasItem(sku);
            FbaItem fbaItem = s.fba.get(sku);
            if (!mfn && fbaItem == null) {
                return error(404, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace " + MARKETPLACE_ID, "");
            }
            if (included.contains("summaries")) {
                ObjectNode summary = body.putArray("summaries").addObject();
                summary.put("marketplaceId", MARKETPLACE_ID);
                summary.put("productType", mfn ? s.listings.get(sku).productType : "PRODUCT");
                summary.put("conditionType", "new_new");
                summary.putArray("status").add("BUYABLE").add("DISCOVERABLE");
                summary.put("itemName", mfn && s.listings.get(sku).itemName != null ? s.listings.get(sku).itemName
                        : "Simulated item " + sku);
            }
            if (included.contains("attributes") && mfn) {
                ListingTerms terms = s.listings.get(sku);
                ObjectNode availability = body.putObject("attributes").putArray("fulfillment_availability").addObject();
                availability.put("fulfillment_channel_code", "DEFAULT");
                availability.put("quantity", sim.shownQuantity(sku).orElse(0));
                if (terms.leadTimeDays != null) {
                    availability.put("lead_time_to_ship_max_days", terms.leadTimeDays);
                }
                if (terms.restockDate != null) {
                    availability.put("restock_date", terms.restockDate);
                }
            }
            if (included.contains("fulfillmentAvailability")) {
                ArrayNode availability = body.putArray("fulfillmentAvailability");
                if (mfn) {
                    availability.addObject().put("fulfillmentChannelCode", "DEFAULT")
                            .put("quantity", sim.shownQuantity(sku).orElse(0));
                }
                if (fbaItem != null) {
                    availability.addObject().put("fulfillmentChannelCode", "AMAZON_JP")
                            .put("quantity", fbaItem.fulfillable);
                }
            }
        }
        return ok(body, "5.0");
    }

    /**
     * {@code searchListingsItems}: the seller's MFN listings, ordered by SKU, {@code pageSize} (1-20,
     * default 10) per page with a {@code pageToken}; summaries, attributes (JAN as
     * {@code externally_assigned_product_identifier}) and fulfillmentAvailability as asked.
     */
    SimResponse searchListingsItems(SimRequest request, String sellerId) {
        Map<String, String> q = request.query();
        if (!q.containsKey("marketplaceIds")) {
            return invalidInput("marketplaceIds is required.");
        }
        if (!SELLER_ID.equals(sellerId)) {
            return error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The seller id does not match the authorisation.");
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(q.getOrDefault("pageSize", "10"));
        } catch (NumberFormatException e) {
            return invalidInput("pageSize must be an integer.");
        }
        if (pageSize < 1 || pageSize > 20) {
            return invalidInput("pageSize must be between 1 and 20.");
        }
        Set<String> included = Set.of(q.getOrDefault("includedData", "summaries").split(","));
        List<String> skus;
        synchronized (s) {
            skus = s.listings.keySet().stream().filter(sim::hasItem).sorted().toList();
        }
        int offset = 0;
        if (q.containsKey("pageToken")) {
            String token = new String(java.util.Base64.getUrlDecoder().decode(q.get("pageToken")), StandardCharsets.UTF_8);
            if (!token.startsWith("after:")) {
                return invalidInput("The pageToken is invalid.");
            }
            String after = token.substring("after:".length());
            offset = (int) skus.stream().filter(sku -> sku.compareTo(after) <= 0).count();
        }
        List<String> page = skus.subList(offset, Math.min(skus.size(), offset + pageSize));
        ObjectNode body = json.createObjectNode();
        body.put("numberOfResults", skus.size());
        if (offset + page.size() < skus.size()) {
            body.putObject("pagination").put("nextToken", java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("after:" + page.get(page.size() - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        ArrayNode items = body.putArray("items");
        synchronized (s) {
            for (String sku : page) {
                ListingTerms terms = s.listings.get(sku);
                ObjectNode item = items.addObject();
                item.put("sku", sku);
                if (included.contains("summaries")) {
                    ObjectNode summary = item.putArray("summaries").addObject();
                    summary.put("marketplaceId", MARKETPLACE_ID);
                    summary.put("productType", terms.productType);
                    summary.put("conditionType", "new_new");
                    summary.putArray("status").add("BUYABLE").add("DISCOVERABLE");
                    summary.put("itemName", terms.itemName != null ? terms.itemName : "Simulated item " + sku);
                }
                if (included.contains("attributes") && terms.ean != null) {
                    item.putObject("attributes").putArray("externally_assigned_product_identifier").addObject()
                            .put("type", "ean").put("value", terms.ean).put("marketplace_id", MARKETPLACE_ID);
                }
                if (included.contains("fulfillmentAvailability")) {
                    item.putArray("fulfillmentAvailability").addObject().put("fulfillmentChannelCode", "DEFAULT")
                            .put("quantity", sim.shownQuantity(sku).orElse(0));
                }
            }
        }
        return ok(body, "5.0");
    }

    SimResponse patchListingsItem(SimRequest request) {
        Optional<String[]> ids = sellerAndSku(request);
        if (ids.isEmpty() || !request.query().containsKey("marketplaceIds")) {
            return invalidInput("sellerId, sku and marketplaceIds are required.");
        }
        if (!SELLER_ID.equals(ids.get()[0])) {
            return error(403, "Unauthorized", "Access to requested resource is denied.",
                    "The seller id does not match the authorisation.");
        }
        JsonNode body;
        try {
            body = json.readTree(request.bodyText());
        } catch (IOException e) {
            return invalidInput("The request body is not valid JSON.");
        }
        if (body == null || !body.path("productType").isTextual() || !body.path("patches").isArray()
                || body.path("patches").isEmpty()) {
            return invalidInput("productType and a non-empty patches array are required.");
        }
        String sku = ids.get()[1];
        List<ObjectNode> issues = applyPatches(sku, body.path("patches"));
        ObjectNode answer = json.createObjectNode();
        answer.put("sku", sku);
        answer.put("status", issues.isEmpty() ? "ACCEPTED" : "INVALID");
        answer.put("submissionId", UUID.randomUUID().toString());
        ArrayNode list = answer.putArray("issues");
        issues.forEach(list::add);
        return ok(answer, "5.0");
    }

    /** Applies JSON patches to a listing's fulfillment_availability; the ERROR issues, or none. */
    List<ObjectNode> applyPatches(String sku, JsonNode patches) {
        List<ObjectNode> issues = new ArrayList<>();
        if (sim.faults().isRejected(sku)) {
            ObjectNode issue = issue("90000900", "The attributes are invalid.");
            issue.putArray("attributeNames").add("fulfillment_availability");
            issue.putArray("categories").add("INVALID_ATTRIBUTE");
            issues.add(issue);
            return issues;
        }
        synchronized (s) {
            ListingTerms terms = s.listings.get(sku);
            if (terms == null || !sim.hasItem(sku)) {
                // Simulator's own code: the public models do not show what Amazon says here.
                issues.add(issue("SIM_NO_LISTING", "SKU '" + sku + "' has no seller-fulfilled listing in "
                        + MARKETPLACE_ID + "."));
                return issues;
            }
            for (JsonNode patch : patches) {
                String op = patch.path("op").asText("");
                if (!PATCH_OPS.contains(op) || !patch.path("path").isTextual()) {
                    issues.add(issue("4000001", "Patch operation '" + op + "' or its path is invalid."));
                    continue;
                }
                if (!"/attributes/fulfillment_availability".equals(patch.path("path").asText())) {
                    continue; // other attributes are accepted and not modelled
                }
                for (JsonNode value : patch.path("value")) {
                    String channel = value.path("fulfillment_channel_code").asText("");
                    if (channel.isBlank()) {
                        issues.add(issue("4000001", "fulfillment_channel_code is required."));
                        continue;
                    }
                    if (!channel.equals("DEFAULT")) {
                        issues.add(issue("4000001", "Fulfillment channel " + channel
                                + " is Amazon's (FBA); its quantity cannot be set."));
                        continue;
                    }
                    JsonNode quantity = value.path("quantity");
                    if (value.has("quantity") && (!quantity.canConvertToLong() || quantity.asLong() < 0
                            || !quantity.isIntegralNumber())) {
                        issues.add(issue("4000001", "quantity must be a whole number of 0 or more."));
                        continue;
                    }
                    if (op.equals("merge")) {
                        // merge: only the fields sent change; the rest of the entry stays.
                        if (value.has("quantity")) {
                            sim.setShownUnits(sku, quantity.asLong());
                        }
                        if (value.has("lead_time_to_ship_max_days")) {
                            terms.leadTimeDays = value.path("lead_time_to_ship_max_days").asInt();
                        }
                        if (value.has("restock_date")) {
                            terms.restockDate = value.path("restock_date").asText();
                        }
                    } else if (op.equals("delete")) {
                        sim.setShownUnits(sku, 0);
                        terms.leadTimeDays = null;
                        terms.restockDate = null;
                    } else {
                        // add/replace: the entry becomes exactly what was sent.
                        sim.setShownUnits(sku, value.has("quantity") ? quantity.asLong() : 0);
                        terms.leadTimeDays = value.has("lead_time_to_ship_max_days")
                                ? value.path("lead_time_to_ship_max_days").asInt() : null;
                        terms.restockDate = value.has("restock_date") ? value.path("restock_date").asText() : null;
                    }
                }
            }
        }
        return issues;
    }

    ObjectNode issue(String code, String message) {
        ObjectNode issue = json.createObjectNode();
        issue.put("code", code);
        issue.put("message", message);
        issue.put("severity", "ERROR");
        return issue;
    }
}
