package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.sendmailflink.jobs.cli.Io;
import io.sendmailflink.jobs.cli.SendmailFlink;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.generate.Payloads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium + chromedriver, driven by Selenium) over a
 * real backfill output: a generated log with attack payloads, backfilled on a MiniCluster at
 * parallelism 2, plus contract-shaped traces and alerts (fixtures: the CEP outputs are built
 * elsewhere). Screenshots land in target/dashboard-screenshots/.
 */
class DashboardBrowserITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(org.apache.flink.configuration.Configuration.fromMap(
                            Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String[] CHROMIUM = {"/usr/lib/chromium/chromium", "/usr/bin/chromium"};
    static final String INSTALL = "apt-get install -y --no-install-recommends chromium chromium-driver fonts-dejavu-core";
    static final String[] TABS = {"overview", "activity", "delivery", "rejection", "auth", "processing"};

    static Path root;
    static Path out;
    static Path shots;
    static Map<String, List<JsonNode>> aggs;
    static DashboardServer server;
    static Path profiles;

    ChromeDriver driver;

    @BeforeAll
    static void backfillAGeneratedLogWithPayloads() throws Exception {
        String chromium = chromium();
        if (chromium == null || !Files.isExecutable(Paths.get(CHROMEDRIVER))) {
            fail("Headless Chromium is missing: the dashboard browser tests need " + String.join(" or ", CHROMIUM)
                    + " and " + CHROMEDRIVER + ". Install them with: " + INSTALL);
        }
        root = Paths.get("target", "dashboard-it").toAbsolutePath();
        deleteTree(root);
        shots = Files.createDirectories(Paths.get("target", "dashboard-screenshots").toAbsolutePath());
        profiles = Files.createDirectories(root.resolve("chrome-profiles"));
        Path log = Files.createDirectories(root.resolve("input")).resolve("maillog");
        // 4,000 lines at 0.5 lines/s: a bit over two simulated hours, so three hourly buckets
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(5)
                .withStart(Instant.parse("2026-03-01T00:00:00Z")).withLinesPerSecond(0.5).withAllAttacks()
                .withAttackIntervalSeconds(1800).withPayloads(true).withPayloadShare(0.3).withNoiseShare(0.01));
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 4000; i++) {
                w.write(g.next());
                w.write('\n');
            }
        }
        // the backfill command, as users run it: it also writes report.html and prints its path
        out = root.resolve("out");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = SendmailFlink.execute(new Io(new ByteArrayInputStream(new byte[0]), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8)), "backfill", "-i", log.toString(), "-o",
                out.toString(), "-p", "2", "--year", "2026", "--timezone", "UTC");
        assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("dashboard:  " + out.resolve("report.html"));
        assertThat(out.resolve("report.html")).isRegularFile();
        DashboardFixtures.writeJsonLines(out.resolve("traces"), "part-fixture-0", DashboardFixtures.traces("mx1", "2026-03-01"));
        DashboardFixtures.writeJsonLines(out.resolve("alerts"), "part-fixture-0", DashboardFixtures.alerts("mx1", "2026-03-01"));
        aggs = FolderData.read(out).aggregates();
        assertThat(aggs).as("backfill wrote the aggregate views").containsKeys("agg_overview_lines",
                "agg_overview_messages", "agg_activity_top_senders", "agg_rule_rejection_by_reply_code",
                "agg_authentication_starttls_by_version", "agg_processing_statistics_connections");
        assertThat(aggs.get("agg_overview_lines").stream().map(r -> r.get("window_start").asText()).distinct().count())
                .as("hourly buckets").isGreaterThanOrEqualTo(2);
        server = DashboardServer.start(new FolderData(out, 0), "127.0.0.1", 0, 2);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        ChromeOptions opts = new ChromeOptions();
        opts.setBinary(chromium());
        opts.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "profile-"), "--window-size=1366,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        opts.setCapability("goog:loggingPrefs", logs);
        // an XSS alert() stays open, so that the test can see it
        opts.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, opts);
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void everyTabShowsTheNumbersOfTheAggregateTables() throws IOException {
        open(server.url());
        clickTab("overview");
        assertKpi("lines", sum("agg_overview_lines", "lines", r -> true));
        assertKpi("events", sum("agg_overview_lines", "events", r -> true));
        assertKpi("unparsed_lines", sum("agg_overview_lines", "unparsed_lines", r -> true));
        for (String f : List.of("received", "delivered", "deferred", "bounced", "rejected")) {
            assertKpi(f, sum("agg_overview_messages", f, r -> true));
        }
        assertTable("events-by-type", "agg_overview_events_by_type", List.of("event_type"), "events", 1, 0);
        assertThat(tableRows("alerts")).as("the backfill's alerts and the fixture alerts").hasSize(alertCount())
                .hasSizeGreaterThan(2);
        screenshot("overview");

        clickTab("activity");
        assertKpi("messages", sum("agg_activity_volume", "messages", r -> true));
        assertKpi("recipients", sum("agg_activity_volume", "recipients", r -> true));
        assertTable("top-senders", "agg_activity_top_senders", List.of("email_from"), "messages", 1, 20);
        assertTable("top-recipients", "agg_activity_top_recipients", List.of("recipient"), "deliveries", 1, 20);
        assertTable("top-recipient-domains", "agg_activity_top_recipient_domains", List.of("recipient_domain"),
                "deliveries", 1, 20);
        assertTable("top-client-relays", "agg_activity_top_client_relays", List.of("source_ip", "source_hostname"),
                "messages", 2, 20);
        screenshot("activity");

        clickTab("delivery");
        assertKpi("status_delivered", sum("agg_delivery_status_by_outcome", "recipients",
                r -> "delivered".equals(text(r, "delivery_outcome"))));
        assertKpi("status_deferred", sum("agg_delivery_status_by_outcome", "recipients",
                r -> "deferred".equals(text(r, "delivery_outcome"))));
        assertTable("by-status", "agg_delivery_status_by_status", List.of("vendor_status"), "recipients", 2, 50);
        assertTable("by-dsn", "agg_delivery_status_by_dsn", List.of("vendor_dsn"), "recipients", 4, 50);
        assertTable("by-mailer", "agg_delivery_status_by_mailer", List.of("vendor_mailer"), "recipients", 2, 50);
        screenshot("delivery-status");

        clickTab("rejection");
        assertKpi("rejection_events", sum("agg_rule_rejection_by_ruleset", "events", r -> true));
        assertTable("by-reply-code", "agg_rule_rejection_by_reply_code", List.of("smtp_response_code"), "events", 2, 0);
        assertTable("top-rejected-ips", "agg_rule_rejection_top_client_ips", List.of("source_ip"), "events", 1, 20);
        assertTable("top-reject-messages", "agg_rule_rejection_top_messages", List.of("vendor_smtp_response_message"),
                "events", 1, 20);
        screenshot("rule-rejection");

        clickTab("auth");
        assertKpi("auth_success", sum("agg_authentication_auth_by_mechanism", "events",
                r -> "success".equals(text(r, "vendor_event_outcome"))));
        assertKpi("auth_failure", sum("agg_authentication_auth_by_mechanism", "events",
                r -> "failure".equals(text(r, "vendor_event_outcome"))));
        assertKpi("tls_success", sum("agg_authentication_starttls_by_version", "events", r -> true));
        assertTable("tls-versions", "agg_authentication_starttls_by_version",
                List.of("vendor_starttls", "vendor_tls_version"), "events", 2, 0);
        assertTable("top-authids", "agg_authentication_auth_top_authids", List.of("vendor_authid"), "events", 1, 20);
        screenshot("authentication");

        clickTab("processing");
        for (String f : List.of("connections_inbound", "connections_outgoing", "invalid_connections", "pregreet",
                "rejected_discovery")) {
            assertKpi(f, sum("agg_processing_statistics_connections", f, r -> true));
        }
        assertTable("service-events", "agg_processing_statistics_service_events", List.of("vendor_event_action"),
                "events", 1, 0);
        screenshot("processing-statistics");
        assertNothingRanAndNoConsoleErrors();
    }

    @Test
    void hostFilterAndTimeRangeApplyToEveryTab() {
        open(server.url());
        new Select(driver.findElement(By.id("host"))).selectByValue("mx1");
        Predicate<JsonNode> mx1 = r -> "mx1".equals(text(r, "source"));
        assertKpi("received", sum("agg_overview_messages", "received", mx1));
        clickTab("activity");
        assertKpi("messages", sum("agg_activity_volume", "messages", mx1));
        assertTable("top-senders", "agg_activity_top_senders", List.of("email_from"), "messages", 1, 20, mx1);
        clickTab("processing");
        assertKpi("connections_inbound", sum("agg_processing_statistics_connections", "connections_inbound", mx1));

        // the last hour of data: the last hourly bucket
        String last = aggs.get("agg_overview_messages").stream().map(r -> text(r, "window_start"))
                .max(Comparator.naturalOrder()).orElseThrow();
        Predicate<JsonNode> lastBucket = r -> last.equals(text(r, "window_start"));
        new Select(driver.findElement(By.id("range-preset"))).selectByValue("1");
        assertKpi("connections_inbound", sum("agg_processing_statistics_connections", "connections_inbound",
                mx1.and(lastBucket)));
        clickTab("overview");
        assertKpi("received", sum("agg_overview_messages", "received", mx1.and(lastBucket)));
        assertThat(sum("agg_overview_messages", "received", mx1.and(lastBucket)))
                .as("the filter must matter for this data").isLessThan(sum("agg_overview_messages", "received", mx1));

        // a custom range: the first bucket only, all hosts
        String first = aggs.get("agg_overview_messages").stream().map(r -> text(r, "window_start"))
                .min(Comparator.naturalOrder()).orElseThrow();
        new Select(driver.findElement(By.id("host"))).selectByValue("");
        setInput("range-from", first.substring(0, 16));
        setInput("range-to", first.substring(0, 16));
        assertThat(new Select(driver.findElement(By.id("range-preset"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("custom");
        Predicate<JsonNode> firstBucket = r -> first.equals(text(r, "window_start"));
        assertKpi("received", sum("agg_overview_messages", "received", firstBucket));
        clickTab("rejection");
        assertKpi("rejection_events", sum("agg_rule_rejection_by_ruleset", "events", firstBucket));

        // a range with no data: empty states in words, not empty axes
        setInput("range-from", "2030-01-01T00:00");
        setInput("range-to", "2030-01-01T01:00");
        clickTab("auth");
        String panel = text(driver.findElement(By.id("panel")));
        assertThat(panel).contains("No AUTH lines in this range.", "No STARTTLS lines in this range.");
        assertThat(driver.findElements(By.cssSelector("#panel canvas"))).isEmpty();
        screenshot("empty-range-authentication");
        assertNothingRanAndNoConsoleErrors();
    }

    @Test
    void searchFindsTheKnownTraceByQueueIdMessageIdAndAddress() {
        open(server.url());
        search(DashboardFixtures.QUEUE_ID);
        WebElement trace = driver.findElement(By.cssSelector("[data-trace]"));
        assertThat(text(trace)).contains(DashboardFixtures.QUEUE_ID, DashboardFixtures.MESSAGE_ID,
                DashboardFixtures.SENDER, "delivered", "1 min 15 s", "4.2 KiB");
        List<List<String>> steps = tableRows("trace-steps");
        assertThat(steps).extracting(r -> r.get(1)).containsExactly("receipt", "delivery", "delivery");
        assertThat(steps.get(1)).contains("Deferred", "4.4.1");
        assertThat(steps.get(2).get(6)).contains("stat=Sent");
        screenshot("search-trace");

        search(DashboardFixtures.MESSAGE_ID);
        assertThat(driver.findElements(By.cssSelector("[data-trace]"))).hasSize(1);
        search(DashboardFixtures.RECIPIENT.toUpperCase());
        assertThat(driver.findElements(By.cssSelector("[data-trace]"))).hasSize(1);
        assertThat(text(driver.findElement(By.cssSelector("[data-search-summary]")))).contains("1 message matches");
        search("nobody@nowhere.example");
        assertThat(driver.findElements(By.cssSelector("[data-trace]"))).isEmpty();
        assertThat(text(driver.findElement(By.id("search-results")))).contains("No messages match");
        assertNothingRanAndNoConsoleErrors();
    }

    @Test
    void payloadsInAddressesHostsMessageIdsAndRejectTextsRenderAsInertText() {
        open(server.url());
        StringBuilder seen = new StringBuilder();
        for (String tab : TABS) {
            clickTab(tab);
            seen.append(text(driver.findElement(By.id("panel"))));
        }
        search(DashboardFixtures.PAYLOAD_QUEUE_ID);
        seen.append(text(driver.findElement(By.id("search-results"))));
        search("evil.example");
        screenshot("payload-trace");
        String all = seen.toString();
        // the generator's payloads reached the page, as text
        assertThat(Payloads.ALL.stream().filter(all::contains).toList()).as("generator payloads shown as text")
                .isNotEmpty();
        // and the fixtures' payloads, which would set window.__pwned if run
        assertThat(all).contains(DashboardFixtures.SCRIPT, DashboardFixtures.IMG, DashboardFixtures.SVG,
                DashboardFixtures.JS_URL);
        JavascriptExecutor js = driver;
        assertThat(((Number) js.executeScript("return document.querySelectorAll('script').length")).intValue())
                .as("only the page's two scripts").isEqualTo(2);
        assertThat(((Number) js.executeScript(
                "return document.querySelectorAll('img, svg, iframe, object, embed, a[href]').length")).intValue())
                .as("no element made from data").isZero();
        assertNothingRanAndNoConsoleErrors();
    }

    @Test
    void theDetectorsCatchAPayloadThatRuns() {
        // negative control 1: without CSP, HTML made from a payload runs; the flag and the alert show it
        driver.get("about:blank");
        driver.executeScript("document.body.innerHTML = arguments[0];",
                "<img src=x onerror=\"window.__pwned=1;alert(1)\">");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> alertOpen());
        driver.switchTo().alert().dismiss();
        assertThat(driver.executeScript("return window.__pwned")).isEqualTo(1L);

        // negative control 2: on the dashboard, HTML made from a payload is blocked by the CSP, and
        // the block is a console error: the console check catches an innerHTML the flag would miss
        open(server.url());
        driver.manage().logs().get(LogType.BROWSER); // drain
        driver.executeScript("document.getElementById('panel').insertAdjacentHTML('beforeend', arguments[0]);",
                DashboardFixtures.IMG);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !severe().isEmpty());
        assertThat(driver.executeScript("return window.__pwned")).as("the CSP blocked the handler").isNull();
    }

    @Test
    void theExportedFileOpensOfflineWithTheSameNumbersAndSearch() throws IOException {
        Path html = DashboardExport.write(out, root.resolve("report.html"));
        open(html.toUri().toString());
        assertKpi("received", sum("agg_overview_messages", "received", r -> true));
        assertThat(tableRows("alerts")).hasSize(alertCount());
        screenshot("export-overview");
        for (String tab : TABS) {
            clickTab(tab);
            assertThat(driver.findElements(By.cssSelector("#panel canvas")).size() + driver.findElements(
                    By.cssSelector("#panel table")).size()).as("tab %s drew its charts and tables", tab).isPositive();
        }
        clickTab("processing");
        assertKpi("pregreet", sum("agg_processing_statistics_connections", "pregreet", r -> true));
        search(DashboardFixtures.SENDER);
        assertThat(text(driver.findElement(By.cssSelector("[data-trace]")))).contains(DashboardFixtures.QUEUE_ID);
        search(DashboardFixtures.PAYLOAD_QUEUE_ID);
        assertThat(text(driver.findElement(By.cssSelector("[data-trace]")))).contains(DashboardFixtures.PAYLOAD_SENDER);
        screenshot("export-search");
        assertNothingRanAndNoConsoleErrors();
    }

    @Test
    void aGrowingOutputFolderShowsUpWithoutReload() throws Exception {
        // a copy of the output, served live as a running 'stream --output' folder would be
        Path live = root.resolve("live-out");
        deleteTree(live);
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.toList()) {
                Path target = live.resolve(out.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        try (DashboardServer liveServer = DashboardServer.start(new FolderData(live, 0), "127.0.0.1", 0, 1)) {
            open(liveServer.url());
            long before = sum("agg_overview_messages", "received", r -> true);
            assertKpi("received", before);
            var row = DashboardFixtures.JSON.createObjectNode();
            row.put("window_start", "2026-03-01T02:00:00");
            row.put("window_end", "2026-03-01T03:00:00");
            row.put("source", "mx1");
            row.put("received", 1000);
            // a sink commits by renaming its in-progress file to a visible one
            Path dirOf = live.resolve("aggregates/agg_overview_messages");
            DashboardFixtures.writeJsonLines(dirOf, ".part-live.inprogress", List.of(row));
            Files.move(dirOf.resolve(".part-live.inprogress"), dirOf.resolve("part-live-0"));
            long committed = System.nanoTime();
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> String.format(java.util.Locale.US, "%,d", before + 1000).equals(
                    driver.executeScript("return document.querySelector('[data-kpi=\"received\"] .value').textContent;")));
            assertThat(Duration.ofNanos(System.nanoTime() - committed)).as("shown within the page's refresh")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(driver.getCurrentUrl()).isEqualTo(liveServer.url());
            assertNothingRanAndNoConsoleErrors();
        }
    }

    @Test
    void everyTabFitsLaptopAndFourKWidths() throws IOException {
        open(server.url());
        for (int[] size : new int[][] {{1366, 768}, {3840, 2160}}) {
            driver.manage().window().setSize(new Dimension(size[0], size[1]));
            for (String tab : TABS) {
                clickTab(tab);
                long overflow = (Long) driver.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(overflow).as("horizontal overflow of tab %s at %d px", tab, size[0]).isLessThanOrEqualTo(0);
            }
        }
        clickTab("overview");
        Path shot = shots.resolve("overview-3840.png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertNothingRanAndNoConsoleErrors();
    }

    // ---------------------------------------------------------------- helpers

    static String chromium() {
        for (String c : CHROMIUM) {
            if (Files.isExecutable(Paths.get(c))) {
                return c;
            }
        }
        return null;
    }

    private void open(String url) {
        driver.get(url);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return !!(window.sendmailDashboard && window.sendmailDashboard.ready());")));
    }

    private void clickTab(String tab) {
        driver.findElement(By.cssSelector(".tabs button[data-tab='" + tab + "']")).click();
        assertThat(driver.findElement(By.cssSelector(".tabs button[data-tab='" + tab + "']")).getAttribute("aria-selected"))
                .isEqualTo("true");
    }

    private void search(String q) {
        WebElement box = driver.findElement(By.id("search"));
        box.clear();
        box.sendKeys(q);
        String before = (String) driver.executeScript(
                "var s = document.querySelector('[data-search-summary]'); return s ? s.textContent : '';");
        driver.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            Object now = driver.executeScript(
                    "var s = document.querySelector('[data-search-summary]'); return s ? s.textContent : '';");
            return now != null && !now.equals("") && (!now.equals(before) || ((String) now).contains(q));
        });
    }

    private void setInput(String id, String value) {
        driver.executeScript("var e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('change'));", id, value);
    }

    /** textContent (not Selenium's visible text): what the page put there, whitespace and all. */
    private String text(WebElement e) {
        return (String) driver.executeScript("return arguments[0].textContent;", e);
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static long sum(String view, String field, Predicate<JsonNode> filter) {
        return aggs.getOrDefault(view, List.of()).stream().filter(filter)
                .mapToLong(r -> r.has(field) ? r.get(field).asLong() : 0).sum();
    }

    private void assertKpi(String id, long expected) {
        String shown = (String) driver.executeScript(
                "var e = document.querySelector('[data-kpi=\"' + arguments[0] + '\"] .value'); return e && e.textContent;", id);
        assertThat(shown).as("KPI %s", id).isNotNull();
        assertThat(shown).as("KPI %s uses thousands separators", id).matches("\\d{1,3}(,\\d{3})*");
        assertThat(Long.parseLong(shown.replace(",", ""))).as("KPI %s", id).isEqualTo(expected);
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> tableRows(String id) {
        return (List<List<String>>) driver.executeScript(
                "var t = document.querySelector('table[data-table=\"' + arguments[0] + '\"]');"
                        + " if (!t) { return []; }"
                        + " return Array.from(t.tBodies[0].rows).map(function (r) {"
                        + "   return Array.from(r.cells).map(function (c) { return c.textContent; }); });", id);
    }

    private void assertTable(String id, String view, List<String> keys, String valueField, int valueColumn, int limit) {
        assertTable(id, view, keys, valueField, valueColumn, limit, r -> true);
    }

    /**
     * Each row of the table shows, in its key columns, a key of the view and, in valueColumn, the
     * sum of valueField over the view's rows with that key; rows are sorted by that sum; the table
     * has one row per key (at most limit, 0: no limit).
     */
    private void assertTable(String id, String view, List<String> keys, String valueField, int valueColumn, int limit,
            Predicate<JsonNode> filter) {
        Map<List<String>, Long> expected = new HashMap<>();
        for (JsonNode r : aggs.getOrDefault(view, List.of())) {
            if (!filter.test(r)) {
                continue;
            }
            List<String> k = new ArrayList<>();
            for (String f : keys) {
                String v = text(r, f);
                k.add(v == null ? "(none)" : f.equals("email_from") && v.isEmpty() ? "<> (null sender)" : v);
            }
            expected.merge(k, r.has(valueField) ? r.get(valueField).asLong() : 0, Long::sum);
        }
        assertThat(expected).as("view %s has rows to show", view).isNotEmpty();
        List<List<String>> rows = tableRows(id);
        assertThat(rows).as("rows of table %s", id).hasSize(limit == 0 ? expected.size() : Math.min(limit, expected.size()));
        long previous = Long.MAX_VALUE;
        for (List<String> row : rows) {
            List<String> k = row.subList(0, keys.size());
            String cell = row.get(valueColumn);
            assertThat(cell).as("table %s row %s", id, k).matches("\\d{1,3}(,\\d{3})*");
            long shown = Long.parseLong(cell.replace(",", ""));
            assertThat(expected).as("table %s shows key %s", id, k).containsKey(k);
            assertThat(shown).as("table %s row %s: %s", id, k, valueField).isEqualTo(expected.get(k));
            assertThat(shown).as("table %s sorted", id).isLessThanOrEqualTo(previous);
            previous = shown;
        }
        if (!rows.isEmpty()) {
            assertThat(Long.parseLong(rows.get(0).get(valueColumn).replace(",", "")))
                    .as("table %s starts with the largest", id)
                    .isEqualTo(expected.values().stream().mapToLong(Long::longValue).max().orElseThrow());
        }
    }

    private boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    private List<String> severe() {
        List<String> l = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                l.add(e.getMessage());
            }
        }
        return l;
    }

    private void assertNothingRanAndNoConsoleErrors() {
        assertThat(alertOpen()).as("an alert() dialog is open: a payload ran").isFalse();
        assertThat(driver.executeScript("return typeof window.__pwned")).as("window.__pwned: a payload ran")
                .isEqualTo("undefined");
        assertThat(severe()).as("console errors").isEmpty();
    }

    private void screenshot(String name) {
        try {
            long height = (Long) driver.executeScript("return Math.min(document.documentElement.scrollHeight, 8000);");
            Dimension before = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.max(height + 120, 600)));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shots.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
            driver.manage().window().setSize(before);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save the screenshot " + name, e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** The alerts in the output: the backfill's own (out/alerts/) plus the two fixture alerts. */
    private int alertCount() throws IOException {
        int n = 0;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(out.resolve("alerts"))) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                n += (int) java.nio.file.Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
            }
        }
        return n;
    }
}
