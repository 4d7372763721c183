package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The grades database and API as a plant uses them: the shaded jar runs a simulated lot, grades
 * it into a database, lists it with {@code cycler cells}, and serves it with {@code cycler serve}
 * as a process of its own, which the JDK's HTTP client and curl (a client that is not ours) query
 * and claim from.
 */
class GradesApiIT {

    private static final String READ = "it-read-token-0123456789";
    private static final String CLAIM = "it-claim-token-0123456789";
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern SERVING = Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:\\d+/api/v1/)");

    @TempDir
    static Path temp;
    private static Path db;
    private static Process server;
    private static Path serverOut;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static JarProcess.Result ok(String... args) throws IOException, InterruptedException {
        JarProcess.Result r = JarProcess.run(temp, args);
        assertEquals(0, r.exit(), "cycler " + String.join(" ", args) + ": " + r.err());
        return r;
    }

    @BeforeAll
    static void gradeAndServe() throws Exception {
        Path run = temp.resolve("run");
        db = temp.resolve("plant.db");
        ok("run", "protocols/nmc-formation.yaml", "--sim", "16", "--speed", "max", "--run-dir", run.toString());
        ok("grade", run.toString(), "--spec", "protocols/nmc-grading.yaml", "--db", db.toString(), "--lot", "L-16");
        Path tokens = temp.resolve("tokens.txt");
        Files.writeString(tokens, "# plant tokens\n" + READ + " read dashboard\n" + CLAIM + " claim line-3\n");
        Files.setPosixFilePermissions(tokens, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        serverOut = temp.resolve("serve.out");
        List<String> command = new ArrayList<>(JarProcess.command("serve", "--db", db.toString(), "--port", "0",
                "--tokens", tokens.toString()));
        server = new ProcessBuilder(command).directory(JarProcess.ROOT.toFile()).redirectOutput(serverOut.toFile())
                .redirectError(temp.resolve("serve.err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (base == null && System.nanoTime() < deadline && server.isAlive()) {
            Matcher m = SERVING.matcher(Files.readString(serverOut));
            if (m.find()) {
                base = URI.create(m.group(1));
            } else {
                Thread.sleep(100);
            }
        }
        assertTrue(base != null, "cycler serve did not start: " + Files.readString(temp.resolve("serve.err")));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "cycler serve did not stop");
        }
    }

    static HttpResponse<String> http(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void cellsListsTheGradedLotAsJsonAndCsv() throws Exception {
        JsonNode all = JSON.readTree(ok("cells", "--db", db.toString(), "--format", "json").out());
        assertEquals(16, all.size());
        JsonNode a = JSON.readTree(ok("cells", "--db", db.toString(), "--bin", "A", "--lot", "L-16", "--format", "json")
                .out());
        assertTrue(a.size() > 0);
        a.forEach(c -> assertEquals("A", c.get("bin").asText()));
        a.forEach(c -> assertEquals("L-16", c.get("lot").asText()));
        String csv = ok("cells", "--db", db.toString(), "--format", "csv").out();
        assertEquals(17, csv.lines().count(), csv);
        assertTrue(csv.startsWith("Barcode,Channel,"), csv);
        JarProcess.Result bad = JarProcess.run(temp, "cells", "--db", "jdbc:mysql://db/grades");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        JarProcess.Result missing = JarProcess.run(temp, "cells", "--db", temp.resolve("typo.db").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith(temp.resolve("typo.db") + ": no such grades database"), missing.err());
        assertFalse(Files.exists(temp.resolve("typo.db")));
        JarProcess.Result noTokens = JarProcess.run(temp, "serve", "--db", db.toString(), "--tokens",
                temp.resolve("missing").toString());
        assertEquals(2, noTokens.exit());
        assertEquals(temp.resolve("missing") + ": no such file (expected one 'TOKEN ROLE NAME' per line)",
                noTokens.err().strip());
    }

    @Test
    void serveWarnsOnceThatOthersMayReadItsTokensFile() throws Exception {
        Path tokens = temp.resolve("tokens.txt");
        List<String> warnings = Files.readAllLines(temp.resolve("serve.err")).stream()
                .filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(List.of("warning: " + tokens + ": readable by other users, who could take its tokens; run: chmod 600 "
                + tokens), warnings);
    }

    @Test
    void theServerRefusesBadRequestsWithJsonErrors() throws Exception {
        assertEquals(401, http("GET", "lots", null, null).statusCode());
        assertEquals(401, http("GET", "lots", "not-a-token-at-all", null).statusCode());
        assertEquals(403, http("POST", "claims", READ, "{\"bin\":\"A\",\"count\":1}").statusCode());
        assertEquals(400, http("POST", "claims", CLAIM, "{bin: A}").statusCode());
        assertEquals(400, http("POST", "claims", CLAIM, "{\"bin\":\"A\",\"count\":0}").statusCode());
        assertEquals(413, http("POST", "claims", CLAIM, "{\"bin\":\"" + "A".repeat(100_000) + "\"}").statusCode());
        HttpResponse<String> tooMany = http("POST", "claims", CLAIM, "{\"bin\":\"A\",\"count\":1000}");
        assertEquals(409, tooMany.statusCode());
        assertTrue(JSON.readTree(tooMany.body()).get("error").asText().contains("nothing was claimed"), tooMany.body());
        assertEquals(404, http("POST", "claims", CLAIM, "{\"bin\":\"NO-SUCH-BIN\",\"count\":1}").statusCode());
        assertEquals(200, http("GET", "openapi.json", null, null).statusCode());
    }

    @Test
    void aPackLineClaimsAndReleasesCellsThatThenShowWhoHeldThem() throws Exception {
        JsonNode lots = JSON.readTree(http("GET", "lots", READ, null).body());
        assertEquals("L-16", lots.get(0).get("lot").asText());
        HttpResponse<String> r = http("POST", "claims", CLAIM, "{\"bin\":\"A\",\"count\":2,\"claimant\":\"line-7\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode claim = JSON.readTree(r.body());
        String barcode = claim.get("cells").get(0).get("barcode").asText();
        JsonNode cell = JSON.readTree(http("GET", "cells/" + barcode, READ, null).body());
        assertEquals("line-7", cell.get("claimed_by").asText());
        assertEquals(claim.get("claim_id").asText(), cell.get("claim_id").asText());
        JsonNode claimed = JSON.readTree(ok("cells", "--db", db.toString(), "--status", "claimed", "--format", "json")
                .out());
        assertTrue(claimed.size() >= 2);
        assertEquals(200, http("DELETE", "claims/" + claim.get("claim_id").asText(), CLAIM, null).statusCode());
        assertFalse(JSON.readTree(http("GET", "cells/" + barcode, READ, null).body()).hasNonNull("claimed_by"));
    }

    @Test
    void curlClaimsAndReadsAsAnIndependentClient() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        assertTrue(Files.isExecutable(curl), "this test needs curl as a client that is not ours: apt-get install curl");
        String lots = curl(curl, "-s", "-H", "Authorization: Bearer " + READ, base.resolve("lots").toString());
        assertTrue(JSON.readTree(lots).isArray(), lots);
        String noToken = curl(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", base.resolve("lots").toString());
        assertEquals("401", noToken);
        String claim = curl(curl, "-s", "-H", "Authorization: Bearer " + CLAIM, "-H", "Content-Type: application/json",
                "-d", "{\"bin\":\"A\",\"count\":1}", base.resolve("claims").toString());
        JsonNode granted = JSON.readTree(claim);
        assertEquals("line-3", granted.get("claimant").asText(), claim);
        String released = curl(curl, "-s", "-X", "DELETE", "-H", "Authorization: Bearer " + CLAIM,
                base.resolve("claims/" + granted.get("claim_id").asText()).toString());
        assertEquals(1, JSON.readTree(released).get("released").asInt(), released);
    }

    private static String curl(Path curl, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl.toString(), "--max-time", "30"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "curl", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectErrorStream(false).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, p.exitValue(), "curl " + String.join(" ", args));
        return Files.readString(out);
    }
}
