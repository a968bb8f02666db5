package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's HTTP server (the JDK's {@code com.sun.net.httpserver}).
 *
 * <p>It serves a fixed set of paths and nothing else: the page, its script and style sheet, the
 * bundled ECharts, and three JSON endpoints. Paths are compared raw (before any decoding) with
 * that set, and no path ever reaches the file system, so {@code ../}, {@code %2e%2e} or absolute
 * paths can only get a 404. Every response carries a strict Content-Security-Policy (scripts and
 * styles only from this server, no framing), {@code nosniff} and {@code no-referrer}. Bound to
 * loopback (the default), it also answers only requests whose Host is a loopback name, so a web
 * page elsewhere cannot read it through DNS rebinding.
 */
public final class DashboardServer implements AutoCloseable {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Longest search query accepted (longer ones are no queue ID, message ID or address). */
    static final int MAX_QUERY = 512;
    static final int SEARCH_LIMIT = 50;

    private record Asset(String resource, String contentType) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset(Assets.INDEX, "text/html; charset=utf-8"),
            "/index.html", new Asset(Assets.INDEX, "text/html; charset=utf-8"),
            "/app.js", new Asset(Assets.APP_JS, "text/javascript; charset=utf-8"),
            "/app.css", new Asset(Assets.APP_CSS, "text/css; charset=utf-8"),
            "/echarts.min.js", new Asset(Assets.ECHARTS, "text/javascript; charset=utf-8"));

    private final DashboardData data;
    private final long refreshSeconds;
    private final HttpServer server;
    private final ExecutorService pool;
    private final boolean loopbackOnly;

    private DashboardServer(DashboardData data, InetSocketAddress bind, long refreshSeconds) throws IOException {
        this.data = data;
        this.refreshSeconds = refreshSeconds;
        this.loopbackOnly = bind.getAddress().isLoopbackAddress();
        this.server = HttpServer.create(bind, 32);
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving {@code data} at {@code bindAddress:port} (port 0: any free port).
     *
     * @param refreshSeconds how often the page asks whether the data changed
     */
    public static DashboardServer start(DashboardData data, String bindAddress, int port, long refreshSeconds)
            throws IOException {
        InetAddress addr = InetAddress.getByName(bindAddress);
        DashboardServer s = new DashboardServer(data, new InetSocketAddress(addr, port), refreshSeconds);
        s.server.start();
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's URL, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                respond(ex);
            } catch (RuntimeException e) {
                // the message names what failed (e.g. a file that is not JSON); the page shows it as text
                text(ex, 500, "dashboard error: " + e.getMessage() + "\n", false);
            }
        }
    }

    private void respond(HttpExchange ex) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        String method = ex.getRequestMethod();
        boolean head = method.equals("HEAD");
        if (loopbackOnly && !loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
            text(ex, 421, "this dashboard answers only at a loopback address (127.0.0.1, localhost, [::1])\n", head);
            return;
        }
        String path = ex.getRequestURI().getRawPath();
        boolean known = ASSETS.containsKey(path) || path.startsWith("/api/") && isApi(path);
        if (!known) {
            text(ex, 404, "not found\n", head);
            return;
        }
        if (!method.equals("GET") && !head) {
            h.set("Allow", "GET, HEAD");
            text(ex, 405, "method " + method + " not allowed: use GET\n", head);
            return;
        }
        Asset a = ASSETS.get(path);
        if (a != null) {
            h.set("Cache-Control", "no-cache");
            send(ex, 200, a.contentType, Assets.bytes(a.resource), head);
            return;
        }
        h.set("Cache-Control", "no-store");
        switch (path) {
            case "/api/version" -> {
                ObjectNode v = PageData.JSON.createObjectNode();
                v.put("version", data.version());
                json(ex, v, head);
            }
            case "/api/data" -> json(ex, PageData.build(data.snapshot(false), data.describe(), "live",
                    refreshSeconds, List.of()), head);
            case "/api/search" -> search(ex, head);
            default -> text(ex, 404, "not found\n", head);
        }
    }

    private static boolean isApi(String path) {
        return path.equals("/api/version") || path.equals("/api/data") || path.equals("/api/search");
    }

    static boolean loopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.equals("[::1]") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private void search(HttpExchange ex, boolean head) throws IOException {
        String q = queryParameter(ex.getRequestURI().getRawQuery(), "q");
        if (q == null || q.isBlank()) {
            text(ex, 400, "search: give a queue ID, message ID or address as ?q=\n", head);
            return;
        }
        if (q.length() > MAX_QUERY) {
            text(ex, 400, "search: the query is " + q.length() + " characters long, at most " + MAX_QUERY
                    + " are accepted\n", head);
            return;
        }
        List<JsonNode> hits = data.search(q, SEARCH_LIMIT + 1);
        ObjectNode r = PageData.JSON.createObjectNode();
        r.put("query", q);
        r.put("truncated", hits.size() > SEARCH_LIMIT);
        ArrayNode results = r.putArray("results");
        hits.stream().limit(SEARCH_LIMIT).forEach(results::add);
        json(ex, r, head);
    }

    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void json(HttpExchange ex, JsonNode n, boolean head) throws IOException {
        send(ex, 200, "application/json; charset=utf-8", PageData.write(n).getBytes(StandardCharsets.UTF_8), head);
    }

    private static void text(HttpExchange ex, int status, String body, boolean head) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
