package org.cycler.grades.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.cycler.core.auth.Tokens;
import org.cycler.core.json.Json;
import org.cycler.grades.db.DbLocation;
import org.cycler.grades.db.GradesDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The OpenAPI description and the server agree: every route served is documented, every documented route served. */
class OpenApiRoutesTest {

    private static final String ADMIN = "admin-token-0123456789abcdef";

    @TempDir
    Path temp;

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() throws Exception {
        Path tokens = temp.resolve("tokens");
        Files.writeString(tokens, ADMIN + " admin plant\n");
        try (GradesDatabase db = GradesDatabase.open(DbLocation.file(temp.resolve("grades.db")));
             GradesApi api = GradesApi.start(db, Tokens.read(tokens, Role.class),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {
                         throw new AssertionError("unexpected failure logged: " + line);
                     })) {
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + api.address().getPort());
            JsonNode doc = Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(base.resolve(GradesApi.PREFIX
                    + "openapi.json")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String server = doc.get("servers").get(0).get("url").asText();
            Set<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue().fieldNames().forEachRemaining(method ->
                        documented.add(method.toUpperCase(Locale.ROOT) + " " + server + path.getKey()));
            }
            assertEquals(documented, new TreeSet<>(api.routes()));
            for (String route : documented) {
                String[] parts = route.split(" ");
                String path = parts[1].replaceAll("\\{[^}]+}", "x");
                HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization",
                        "Bearer " + ADMIN).method(parts[0], parts[0].equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
                HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertNotEquals(405, r.statusCode(), route + ": " + r.body());
                assertFalse(r.body().contains("no such resource"), route + ": " + r.body());
            }
        }
    }
}
