package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server over raw HTTP/1.1 (a raw socket, so no client normalizes the paths we send). */
class DashboardServerTest {

    @TempDir
    Path dir;

    private Path out;
    private DashboardServer server;

    record Response(int status, Map<String, String> headers, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        out = DashboardFixtures.smallOutput(dir.resolve("out"));
        // a secret next to the output: no request may read it
        Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        server = DashboardServer.start(new FolderData(out, 0), "127.0.0.1", 0, 5);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Response request(String method, String target, String host) throws IOException {
        try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            String req = method + " " + target + " HTTP/1.1\r\n"
                    + (host == null ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n"
                    + (method.equals("POST") || method.equals("PUT") ? "Content-Length: 0\r\n" : "") + "\r\n";
            o.write(req.getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
            return new Response(status, headers, body);
        }
    }

    private Response get(String target) throws IOException {
        return request("GET", target, "127.0.0.1:" + server.address().getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt", "/..%5csecret.txt", "/app.js/../../secret.txt", "/./app.css/..%2f..%2fsecret.txt",
        "//etc/passwd", "/etc/passwd", "/dashboard/app.js", "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js",
        "/io/sendmailflink/jobs/dashboard/DashboardServer.class", "/aggregates/agg_overview_lines/part-0-0",
        "/traces/part-0-0", "/api/", "/api/data/../version", "/api/../app.js", "/%00", "/favicon.ico",
        "/index.html%00.js", "/app.js%2f"})
    void pathsOutsideTheFixedSetAre404AndReadNothing(String target) throws IOException {
        Response r = get(target);
        assertThat(r.status()).as(target).isIn(400, 404);
        assertThat(r.body()).doesNotContain("TOP-SECRET", "root:", "window_start", "queue_id", "echarts", "use strict");
        assertThat(r.headers()).containsKey("content-security-policy");
    }

    @Test
    void absoluteFormTargetsServeOnlyTheKnownPaths() throws IOException {
        assertThat(get("http://127.0.0.1/../secret.txt").status()).isIn(400, 404);
        assertThat(get("file:///etc/passwd").status()).isIn(400, 404);
    }

    @Test
    void everyKnownPathIsServedWithItsType() throws IOException {
        assertThat(get("/").headers().get("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(get("/").body()).contains("<script src=\"app.js\"></script>");
        assertThat(get("/index.html").status()).isEqualTo(200);
        assertThat(get("/app.js").headers().get("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(get("/app.css").headers().get("content-type")).isEqualTo("text/css; charset=utf-8");
        Response e = get("/echarts.min.js");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.body()).contains("echarts");
        assertThat(get("/api/version").headers().get("content-type")).isEqualTo("application/json; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app.js", "/api/data", "/nope", "/../secret.txt"})
    void everyResponseCarriesTheSecurityHeaders(String target) throws IOException {
        Response r = get(target);
        String csp = r.headers().get("content-security-policy");
        assertThat(csp).isEqualTo("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(r.headers()).containsEntry("x-content-type-options", "nosniff")
                .containsEntry("x-frame-options", "DENY").containsEntry("referrer-policy", "no-referrer");
    }

    @Test
    void theApiIsNotCached() throws IOException {
        assertThat(get("/api/data").headers()).containsEntry("cache-control", "no-store");
        assertThat(get("/api/search?q=x").headers()).containsEntry("cache-control", "no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
    void onlyGetAndHeadAreAllowed(String method) throws IOException {
        Response r = request(method, "/api/data", "127.0.0.1:" + server.address().getPort());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("allow", "GET, HEAD");
        assertThat(r.body()).doesNotContain("window_start");
    }

    @Test
    void headAnswersWithoutABody() throws IOException {
        Response r = request("HEAD", "/app.js", "127.0.0.1:" + server.address().getPort());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void bindsToLoopbackAndAnswersOnlyLoopbackHostNames() throws IOException {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        int port = server.address().getPort();
        assertThat(request("GET", "/api/data", "localhost:" + port).status()).isEqualTo(200);
        assertThat(request("GET", "/api/data", "127.0.0.1").status()).isEqualTo(200);
        Response rebound = request("GET", "/api/data", "attacker.example:" + port);
        assertThat(rebound.status()).as("DNS rebinding: a foreign Host").isEqualTo(421);
        assertThat(rebound.body()).doesNotContain("window_start");
        assertThat(request("GET", "/api/data", "127.0.0.1.attacker.example").status()).isEqualTo(421);
        assertThat(request("GET", "/api/data", null).status()).isIn(400, 421);
    }

    @Test
    void dataCarriesAggregatesAndAlertsButNotTraces() throws IOException {
        JsonNode d = PageData.JSON.readTree(get("/api/data").body());
        assertThat(d.at("/aggregates/agg_overview_lines/0/lines").asLong()).isEqualTo(1500);
        assertThat(d.at("/aggregates/agg_activity_top_senders")).as("the in-progress file is skipped").hasSize(1);
        assertThat(d.at("/alerts")).hasSize(2);
        assertThat(d.at("/traces")).isEmpty();
        assertThat(d.at("/meta/tracesTotal").asLong()).isEqualTo(2);
        assertThat(d.at("/meta/tracesPresent").asBoolean()).isTrue();
        assertThat(d.at("/meta/mode").asText()).isEqualTo("live");
    }

    @Test
    void searchFindsTracesByQueueIdMessageIdAndAddress() throws IOException {
        for (String q : List.of(DashboardFixtures.QUEUE_ID, "%3C20260301.777%40mail.example.org%3E", "bob%40partner.example.com")) {
            JsonNode r = PageData.JSON.readTree(get("/api/search?q=" + q).body());
            assertThat(r.at("/results")).as(q).hasSize(1);
            assertThat(r.at("/results/0/queue_id").asText()).isEqualTo(DashboardFixtures.QUEUE_ID);
            assertThat(r.at("/results/0/steps")).hasSize(3);
        }
        assertThat(PageData.JSON.readTree(get("/api/search?q=nobody%40nowhere.example").body()).at("/results")).isEmpty();
    }

    @Test
    void searchRejectsMissingAndOverlongQueriesByName() throws IOException {
        Response none = get("/api/search");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("?q=");
        Response longQ = get("/api/search?q=" + "a".repeat(600));
        assertThat(longQ.status()).isEqualTo(400);
        assertThat(longQ.body()).contains("600 characters", "512");
    }

    @Test
    void aFolderThatGrowsChangesTheVersionAndTheData() throws IOException {
        long v1 = PageData.JSON.readTree(get("/api/version").body()).get("version").asLong();
        assertThat(PageData.JSON.readTree(get("/api/version").body()).get("version").asLong())
                .as("unchanged folder, unchanged version").isEqualTo(v1);
        var row = PageData.JSON.createObjectNode();
        row.put("window_start", "2026-03-01T01:00:00");
        row.put("source", "mx2");
        row.put("lines", 5);
        DashboardFixtures.writeJsonLines(out.resolve("aggregates/agg_overview_lines"), "part-1-0", List.of(row));
        long v2 = PageData.JSON.readTree(get("/api/version").body()).get("version").asLong();
        assertThat(v2).isGreaterThan(v1);
        assertThat(PageData.JSON.readTree(get("/api/data").body()).at("/aggregates/agg_overview_lines")).hasSize(2);
    }

    @Test
    void aBrokenFileIsReportedByName() throws IOException {
        Files.writeString(out.resolve("alerts/part-9-9"), "{\"kind\": oops\n");
        Response r = get("/api/data");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).contains("part-9-9", "line 1", "not JSON");
    }
}
