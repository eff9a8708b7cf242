package dev.zaiko.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A tiny W3C WebDriver client on the JDK's HttpClient: starts Debian's {@code chromedriver} on a
 * free loopback port, opens one headless Chromium session and offers the handful of commands the
 * console's browser tests need (navigate, find, click, type, run a script, screenshot).
 */
final class WebDriverClient implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The W3C name of an element reference in JSON. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final Path profile;
    private final URI base;
    private final String session;

    /** Why a browser cannot be started here, or empty when it can. */
    static Optional<String> unavailable() {
        if (!Files.isExecutable(CHROMIUM)) {
            return Optional.of(CHROMIUM + " is missing (apt-get install -y chromium chromium-driver)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of(CHROMEDRIVER + " is missing (apt-get install -y chromium-driver)");
        }
        return Optional.empty();
    }

    private WebDriverClient(Process driver, Path profile, URI base, String session) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
        this.session = session;
    }

    static WebDriverClient start(int width, int height) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path profile = Files.createTempDirectory("zaiko-chromium-");
        Path log = profile.resolveSibling(profile.getFileName() + ".chromedriver.log");
        Process process = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port,
                "--log-path=" + log).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        WebDriverClient probe = new WebDriverClient(process, profile, base, "");
        try {
            Instant deadline = Instant.now().plusSeconds(20);
            while (true) {
                try {
                    if (probe.call("GET", "status", null).path("value").path("ready").asBoolean(false)) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                    throw new IOException("chromedriver did not become ready on port " + port + " (log: " + log + ")");
                }
                Thread.sleep(100);
            }
            ObjectNode capabilities = probe.json.createObjectNode();
            ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            ObjectNode chrome = always.putObject("goog:chromeOptions");
            chrome.put("binary", CHROMIUM.toString());
            ArrayNode args = chrome.putArray("args");
            for (String arg : List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                    "--lang=ja-JP", "--force-device-scale-factor=1")) {
                args.add(arg);
            }
            JsonNode created = probe.call("POST", "session", capabilities);
            String session = created.path("value").path("sessionId").asText();
            if (session.isEmpty()) {
                throw new IOException("chromedriver did not open a session: " + created);
            }
            return new WebDriverClient(process, profile, base, session);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroy();
            deleteTree(profile);
            throw e;
        }
    }

    // ------------------------------------------------------------------ commands

    void get(URI url) throws IOException, InterruptedException {
        command("POST", "url", json.createObjectNode().put("url", url.toString()));
    }

    /** The first element matching the CSS selector. */
    String find(String css) throws IOException, InterruptedException {
        JsonNode value = command("POST", "element", json.createObjectNode().put("using", "css selector").put("value", css));
        return value.path(ELEMENT).asText();
    }

    void click(String element) throws IOException, InterruptedException {
        command("POST", "element/" + element + "/click", json.createObjectNode());
    }

    void clear(String element) throws IOException, InterruptedException {
        command("POST", "element/" + element + "/clear", json.createObjectNode());
    }

    void type(String element, String text) throws IOException, InterruptedException {
        command("POST", "element/" + element + "/value", json.createObjectNode().put("text", text));
    }

    String text(String element) throws IOException, InterruptedException {
        return command("GET", "element/" + element + "/text", null).asText();
    }

    /** Runs a synchronous script in the page; {@code arguments[i]} are the given values. */
    JsonNode script(String body, Object... arguments) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode().put("script", body);
        ArrayNode args = request.putArray("args");
        for (Object argument : arguments) {
            args.add(json.valueToTree(argument));
        }
        return command("POST", "execute/sync", request);
    }

    /** Sets the window's size (a phone: 390×844). */
    void resize(int width, int height) throws IOException, InterruptedException {
        command("POST", "window/rect", json.createObjectNode().put("width", width).put("height", height));
    }

    byte[] screenshot() throws IOException, InterruptedException {
        return Base64.getDecoder().decode(command("GET", "screenshot", null).asText());
    }

    /** Evaluates {@code script} (a JS expression) until {@code accept} holds; the last value otherwise fails. */
    JsonNode await(String what, Duration timeout, String expression, Predicate<JsonNode> accept)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last;
        while (true) {
            last = script("return " + expression + ";");
            if (accept.test(last)) {
                return last;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last value: " + last);
            }
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------ transport

    private JsonNode command(String method, String path, JsonNode body) throws IOException, InterruptedException {
        JsonNode response = call(method, "session/" + session + "/" + path, body);
        JsonNode value = response.path("value");
        if (value.isObject() && value.has("error")) {
            throw new IOException("WebDriver " + method + " " + path + ": " + value.path("error").asText() + ": "
                    + value.path("message").asText());
        }
        return value;
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    @Override
    public void close() {
        try {
            call("DELETE", "session/" + session, null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the browser goes with the driver below
        }
        driver.destroy();
        try {
            if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
