package dev.zaiko.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.admin.AdminRequest;
import dev.zaiko.admin.AdminResponse;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A seller command: builds one admin API request, sends it where {@link Target} says, prints the
 * answer (text, or the JSON as is with --json). Exit codes: 0 done, 1 the input or the state needs
 * the seller (validation errors, differences found), 2 usage, 3 the call failed.
 */
abstract class OpsCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int NEEDS_ATTENTION = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    @Mixin
    Target target;

    @Spec
    CommandLine.Model.CommandSpec spec;

    final ObjectMapper json = new ObjectMapper();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        try (AdminClient client = target.open()) {
            return run(client);
        } catch (IllegalArgumentException e) {
            err().println("zaiko " + spec.qualifiedName().replaceFirst("^zaiko ", "") + ": " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err().println("zaiko: " + e.getMessage());
            return FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int run(AdminClient client);

    /** Sends the request; a progress bar on stderr when the answer comes from this process. */
    Answer send(AdminClient client, String method, String path, Map<String, String> query, byte[] body) {
        AdminRequest request = new AdminRequest(method, path, query, body, System.getProperty("user.name", "admin"),
                null);
        ProgressBar bar = null;
        if (client.reportsProgress() && !target.json) {
            bar = new ProgressBar(err(), ProgressBar.onTerminal());
            request = request.withProgress(bar);
        }
        AdminResponse response = client.call(request);
        if (bar != null) {
            bar.finishLine();
        }
        return new Answer(response, parse(response));
    }

    private JsonNode parse(AdminResponse response) {
        if (!response.contentType().startsWith("application/json")) {
            return json.nullNode();
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the admin API answered " + response.status() + " with invalid JSON");
        }
    }

    record Answer(AdminResponse response, JsonNode body) {
        int status() {
            return response.status();
        }

        boolean ok() {
            return status() / 100 == 2;
        }
    }

    /** Prints the JSON for --json, or the error for a failed call; true when the caller has nothing left to print. */
    boolean printedRawOrError(Answer answer) {
        if (target.json) {
            out().println(answer.response().bodyText());
            return true;
        }
        if (!answer.ok() && answer.body().has("error")) {
            err().println("zaiko: " + errorMessage(answer.body(), ""));
            return true;
        }
        return false;
    }

    /** The admin API's refusal text: {@code error.message} (older servers sent {@code error} as the text). */
    static String errorMessage(JsonNode body, String fallback) {
        JsonNode error = body.path("error");
        return error.isObject() ? error.path("message").asText(fallback) : error.asText(fallback);
    }

    int exitFor(Answer answer) {
        return switch (answer.status()) {
            case 200 -> OK;
            case 400, 404, 405 -> USAGE;
            case 422, 409 -> NEEDS_ATTENTION;
            default -> FAILED;
        };
    }

    /** An import's errors (nothing written); false when there were none. */
    boolean printErrors(JsonNode result) {
        JsonNode errors = result.path("errors");
        if (errors.isEmpty()) {
            return false;
        }
        err().println(text(result, "file") + ": " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                + "; nothing was written:");
        errors.forEach(e -> err().println("  " + (e.path("line").asInt() == 0 ? ""
                : "line " + e.path("line").asInt() + ": ") + e.path("message").asText()));
        return true;
    }

    /** Rows that were valid but could not be applied. */
    void printFailed(JsonNode result) {
        result.path("failed").forEach(e -> err().println("  line " + e.path("line").asInt() + ": "
                + e.path("message").asText()));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    static String path(String... segments) {
        StringBuilder path = new StringBuilder("/admin");
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        return path.toString();
    }
}
