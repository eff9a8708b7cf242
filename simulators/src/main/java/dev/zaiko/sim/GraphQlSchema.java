package dev.zaiko.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A mall's GraphQL schema (SDL from a resource file) that every request document is checked against
 * with graphql-java: the document must parse, every field and argument must exist, and the variables
 * must fit their declared input types (an unknown input field such as {@code input.variants} fails).
 * The document is never executed against data; the simulator answers from its own state.
 */
public final class GraphQlSchema {
    private final GraphQL engine;
    private final String name;

    private GraphQlSchema(String name, GraphQLSchema schema) {
        this.name = name;
        this.engine = GraphQL.newGraphQL(schema).build();
    }

    /** Loads {@code resource} (a classpath path, e.g. "/dev/zaiko/sim/mercari/mercari-shops.graphql"). */
    public static GraphQlSchema load(String resource) {
        try (InputStream in = GraphQlSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + resource);
            }
            TypeDefinitionRegistry types = new SchemaParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new GraphQlSchema(resource, UnExecutableSchemaGenerator.makeUnExecutableSchema(types));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Empty when {@code query} with {@code variables} is valid against the schema; else the problems,
     * one line each, as graphql-java reports them.
     */
    public Optional<String> problems(ObjectMapper json, String query, String operationName, JsonNode variables) {
        if (query == null || query.isBlank()) {
            return Optional.of("the request has no query document");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = variables == null || !variables.isObject() ? Map.of()
                : json.convertValue(variables, Map.class);
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(query).variables(vars);
        if (operationName != null && !operationName.isEmpty()) {
            input.operationName(operationName);
        }
        ExecutionResult result = engine.execute(input.build());
        // Parse, validation and variable errors stop graphql-java before execution: no data at all.
        // Errors during execution (our schema has no data behind it) are not the request's fault.
        if (result.isDataPresent()) {
            return Optional.empty();
        }
        List<GraphQLError> errors = result.getErrors();
        return Optional.of(errors.stream().map(GraphQLError::getMessage).collect(Collectors.joining("; ")));
    }

    @Override
    public String toString() {
        return "GraphQlSchema[" + name + "]";
    }
}
