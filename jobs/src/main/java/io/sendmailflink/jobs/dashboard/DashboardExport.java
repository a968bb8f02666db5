package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The dashboard as one self-contained HTML file: style sheet, ECharts, the page's script and the
 * data inline, so it opens offline from disk. A CSP meta element allows exactly those inline
 * script and style elements (by their SHA-256 hashes) and nothing else: no other script, no
 * network. (A meta CSP cannot carry frame-ancestors; only the served dashboard sends that.)
 */
public final class DashboardExport {

    /**
     * Traces carried in the file: the newest ones by first_seen, those without one last, ties in
     * file order (a busy day has far too many for one page).
     */
    public static final int MAX_TRACES = 5_000;

    static final String BODY_START = "<!-- body -->";
    static final String BODY_END = "<!-- /body -->";

    private DashboardExport() {
    }

    /** Writes the dashboard of the output folder {@code outDir} to {@code htmlFile}; returns it. */
    public static Path write(Path outDir, Path htmlFile) throws IOException {
        if (!Files.isDirectory(outDir)) {
            throw new IOException("cannot export the dashboard of " + outDir + ": no such folder");
        }
        // streams the trace files, keeping only the newest MAX_TRACES lines (memory does not grow with them)
        Snapshot s = FolderData.readNewest(outDir, MAX_TRACES);
        String html = html(PageData.build(s, "folder " + outDir, "export", 0, s.traces()));
        Path parent = htmlFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // write next to it, then move: a reader never sees half a file
        Path tmp = parent.resolve("." + htmlFile.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, htmlFile, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return htmlFile;
    }

    static String html(JsonNode pageData) {
        String css = Assets.text(Assets.APP_CSS);
        String echarts = Assets.text(Assets.ECHARTS);
        String app = Assets.text(Assets.APP_JS);
        for (String[] s : new String[][] {{"ECharts", echarts}, {"app.js", app}, {"app.css", css}}) {
            String lower = s[1].toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("</script") || lower.contains("<!--") || lower.contains("</style")) {
                throw new IllegalStateException(s[0] + " cannot be inlined: it contains </script, </style or <!--");
            }
        }
        String index = Assets.text(Assets.INDEX);
        int from = index.indexOf(BODY_START);
        int to = index.indexOf(BODY_END);
        if (from < 0 || to < from) {
            throw new IllegalStateException(Assets.INDEX + " lacks the " + BODY_START + " ... " + BODY_END + " markers");
        }
        String body = index.substring(from + BODY_START.length(), to);
        String csp = "default-src 'none'; script-src " + hash(echarts) + " " + hash(app) + "; style-src " + hash(css)
                + "; img-src data:; base-uri 'none'; form-action 'none'";
        StringBuilder b = new StringBuilder(echarts.length() + app.length() + (1 << 16));
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp).append("\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n<link rel=\"icon\" href=\"data:,\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>sendmail-flink dashboard</title>\n")
                .append("<style>").append(css).append("</style>\n</head>\n<body>")
                .append(body)
                .append("<script type=\"application/json\" id=\"dashboard-data\">")
                .append(PageData.forHtmlScript(PageData.write(pageData)))
                .append("</script>\n<script>").append(echarts).append("</script>\n<script>").append(app)
                .append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /** A CSP hash source of an inline element's exact text. */
    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
