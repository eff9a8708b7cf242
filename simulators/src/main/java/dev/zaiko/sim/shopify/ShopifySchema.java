package dev.zaiko.sim.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaiko.sim.FixtureLocator;
import graphql.language.Document;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify's real Admin GraphQL schema of one API version (the SDL ShopifySharp introspected from a
 * live store, in shared/fixtures/shopify; see SOURCES-malls.md), used by graphql-java to parse and
 * validate every document the simulator receives, so a field, argument or type the real API lacks
 * is refused the way Shopify refuses it (HTTP 200, {@code errors[]} with {@code extensions.code}).
 *
 * <p>Known gap of those files: deprecated <em>input</em> fields were not introspected, so a
 * document naming one (e.g. {@code compareQuantity}) is refused here while Shopify might still
 * accept it with a deprecation. The error messages follow graphql-ruby's wording (Shopify runs it;
 * e.g. "Field 'x' doesn't exist on type 'Order'", code {@code undefinedField}); their exact text is
 * UNCONFIRMED against a live shop.
 */
public final class ShopifySchema {
    /** The versions whose schema file is in shared/fixtures/shopify. */
    public static final Map<String, String> FILES = Map.of(
            "2026-01", "shopify/admin-graphql-2026-01.shopifysharp.schema.graphql",
            "2026-04", "shopify/admin-graphql-2026-04.shopifysharp.schema.graphql");
    private static final Map<String, ShopifySchema> LOADED = new ConcurrentHashMap<>();
    private static final Pattern UNDEFINED_FIELD = Pattern.compile("Field '([^']+)' in type '([^']+)' is undefined");
    private static final Pattern UNKNOWN_ARGUMENT = Pattern.compile("Unknown field argument '([^']+)'");
    private static final Pattern QUERY_PATH_FIELD = Pattern.compile("@\\[(?:[^\\]]*/)?([^/\\]]+)\\]");

    private final String version;
    private final GraphQLSchema schema;

    private ShopifySchema(String version, GraphQLSchema schema) {
        this.version = version;
        this.schema = schema;
    }

    /** The schema of {@code version}, parsed once per JVM; empty when the version or its file is not here. */
    public static Optional<ShopifySchema> of(String version) {
        String file = FILES.get(version);
        if (file == null || FixtureLocator.find(file).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(LOADED.computeIfAbsent(version, v -> {
            TypeDefinitionRegistry types = new SchemaParser().parse(withoutDescriptions(FixtureLocator.read(file)));
            return new ShopifySchema(v, UnExecutableSchemaGenerator.makeUnExecutableSchema(types));
        }));
    }

    /**
     * The SDL without its {@code """..."""} descriptions (every description in these files is a block
     * string): 0.8 of the 3.5 MB, which graphql-java parses in a fraction of the time. Validation
     * never reads descriptions.
     */
    static String withoutDescriptions(String sdl) {
        StringBuilder out = new StringBuilder(sdl.length() / 4);
        int at = 0;
        while (true) {
            int open = sdl.indexOf("\"\"\"", at);
            if (open < 0) {
                return out.append(sdl, at, sdl.length()).toString();
            }
            // a block string ends at the first """ that is not escaped as \"""
            int close = sdl.indexOf("\"\"\"", open + 3);
            while (close > 0 && sdl.charAt(close - 1) == '\\') {
                close = sdl.indexOf("\"\"\"", close + 3);
            }
            if (close < 0) {
                throw new IllegalArgumentException("unterminated block string at offset " + open);
            }
            out.append(sdl, at, open);
            at = close + 3;
        }
    }

    /** Like {@link #of} but failing with the locator's message when the file is missing. */
    public static ShopifySchema require(String version) {
        String file = FILES.get(version);
        if (file == null) {
            throw new IllegalArgumentException("no Shopify schema for API version " + version + " (have "
                    + FILES.keySet() + ")");
        }
        FixtureLocator.require(file);
        return of(version).orElseThrow();
    }

    public String version() {
        return version;
    }

    public GraphQLSchema graphQLSchema() {
        return schema;
    }

    /** Shopify-shaped {@code errors[]} entries for what is wrong with {@code document}; empty when it is valid. */
    public List<ObjectNode> validate(String document, ObjectMapper json) {
        Document parsed;
        try {
            parsed = Parser.parse(document);
        } catch (InvalidSyntaxException e) {
            ObjectNode error = json.createObjectNode();
            error.put("message", "syntax error: " + e.getMessage());
            locations(error, e.getLocation() == null ? List.of() : List.of(e.getLocation()));
            error.putObject("extensions").put("code", "parseError");
            return List.of(error);
        }
        List<ObjectNode> errors = new ArrayList<>();
        for (ValidationError v : new Validator().validateDocument(schema, parsed, Locale.ENGLISH)) {
            errors.add(shopifyShaped(v, json));
        }
        return errors;
    }

    private static ObjectNode shopifyShaped(ValidationError v, ObjectMapper json) {
        ObjectNode error = json.createObjectNode();
        ObjectNode extensions = json.createObjectNode();
        String description = v.getDescription() == null ? v.getMessage() : v.getDescription();
        Matcher field = UNDEFINED_FIELD.matcher(description);
        Matcher argument = UNKNOWN_ARGUMENT.matcher(description);
        if (field.find()) {
            error.put("message", "Field '" + field.group(1) + "' doesn't exist on type '" + field.group(2) + "'");
            extensions.put("code", "undefinedField").put("typeName", field.group(2)).put("fieldName", field.group(1));
        } else if (argument.find()) {
            String owner = v.getQueryPath() == null || v.getQueryPath().isEmpty() ? "?"
                    : v.getQueryPath().get(v.getQueryPath().size() - 1);
            Matcher named = QUERY_PATH_FIELD.matcher(v.getMessage());
            if (owner.equals("?") && named.find()) {
                owner = named.group(1);
            }
            error.put("message", "Field '" + owner + "' doesn't accept argument '" + argument.group(1) + "'");
            extensions.put("code", "argumentNotAccepted").put("name", owner).put("typeName", "Field")
                    .put("argumentName", argument.group(1));
        } else {
            error.put("message", description);
            extensions.put("code", String.valueOf(v.getValidationErrorType()));
        }
        locations(error, v.getLocations() == null ? List.of() : v.getLocations());
        if (v.getQueryPath() != null) {
            ArrayNode path = error.putArray("path");
            v.getQueryPath().forEach(path::add);
        }
        error.set("extensions", extensions);
        return error;
    }

    private static void locations(ObjectNode error, List<SourceLocation> locations) {
        ArrayNode array = error.putArray("locations");
        for (SourceLocation location : locations) {
            array.addObject().put("line", location.getLine()).put("column", location.getColumn());
        }
    }
}
