package org.cycler.station.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cycler.core.BadInputException;
import org.cycler.core.json.Json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client of a station's API, as the command line uses it. A refused request (401, 403, 404, 400,
 * 409) is a {@link BadInputException} carrying the station's one-line error; a station that cannot
 * be reached is a {@link Unreachable}. Thread-safe.
 */
public final class StationClient {

    /** How long a request may take; waiting for a job polls, it does not hold a request open. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The station did not answer: nothing listens at the URL, or the network is down. */
    public static final class Unreachable extends IOException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI base;
    private final String token;
    /** The station's CSRF token for {@link #token}, fetched before the first POST. */
    private volatile String csrf;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param url   the station's URL, e.g. {@code http://127.0.0.1:8090}
     * @param token a bearer token of the station's tokens file
     */
    public StationClient(String url, String token) throws BadInputException {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected http://HOST:PORT");
            }
            this.base = uri.resolve("/");
        } catch (URISyntaxException e) {
            throw new BadInputException("--station " + url + ": not a URL (expected http://HOST:PORT)", e);
        }
        this.token = token;
    }

    public List<JsonNode> devices() throws IOException, BadInputException {
        return list(get("devices"));
    }

    public List<JsonNode> jobs() throws IOException, BadInputException {
        return list(get("jobs"));
    }

    public JsonNode job(String id) throws IOException, BadInputException {
        return get("jobs/" + id(id));
    }

    /** Submits a job; {@code request} holds the API's fields ({@code recipe}, {@code device}, ...). */
    public JsonNode submit(Map<String, Object> request) throws IOException, BadInputException {
        return post("jobs", request);
    }

    /** {@code action} one of pause, resume, stop, cancel; {@code channels} null for all of the job's. */
    public JsonNode act(String id, String action, int[] channels) throws IOException, BadInputException {
        return post("jobs/" + id(id) + "/" + action, channels == null ? Map.of() : Map.of("channels", channels));
    }

    private static String id(String id) throws BadInputException {
        if (!id.strip().matches("[0-9]{1,18}")) {
            throw new BadInputException("JOB '" + id + "': expected a job number such as 7 (see cycler jobs)");
        }
        return id.strip();
    }

    private JsonNode get(String path) throws IOException, BadInputException {
        return send(request(path).GET().build());
    }

    private JsonNode post(String path, Object body) throws IOException, BadInputException {
        if (csrf == null) {
            csrf = get("session").path("csrf").asText();
        }
        return send(request(path).header("Content-Type", "application/json").header(Csrf.HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(StationApi.PREFIX + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest request) throws IOException, BadInputException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Unreachable("station " + base + ": no answer (connection refused; is 'cycler station' running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("station " + base + ": answered " + response.statusCode() + " with no JSON", e);
        }
        if (response.statusCode() >= 400) {
            String error = body != null && body.has("error") ? body.get("error").asText() : "refused";
            String message = "station " + base + ": " + response.statusCode() + " " + error;
            if (response.statusCode() >= 500) {
                throw new IOException(message);
            }
            throw new BadInputException(message);
        }
        return body;
    }

    private static List<JsonNode> list(JsonNode node) {
        return Json.MAPPER.convertValue(node, new TypeReference<List<JsonNode>>() { });
    }
}
