package io.sendmailflink.jobs.generate;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One generator run read back through the parser in a single pass: what the parser sees, next to
 * what the generator says it wrote, plus every broken invariant (as messages, so a test can show
 * the first few).
 */
final class ParsedRun {

    static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-x]{8}\\d{6,7}");

    final GeneratorStats truth;
    final long lines;
    final Map<String, Long> parsedTypes = new TreeMap<>();
    final Map<String, Long> parsedFormats = new TreeMap<>();
    final Set<String> sources = new HashSet<>();
    final List<String> typeMismatches = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final Map<Field, Long> payloadLines = new EnumMap<>(Field.class);
    /** Characteristic lines per (kind line type, host, ip): list of times, to check attacks. */
    final Map<String, List<Long>> linesByTypeHostIp = new HashMap<>();
    final Map<String, List<Long>> authSuccessByHostIpAuthid = new HashMap<>();
    final List<String> samples = new ArrayList<>();
    final Map<String, String> firstLineOfSubtype = new LinkedHashMap<>();

    long receiptsWithRecipients;
    long bytes;
    long sent;
    long deferredLines;
    long deferredRecipients;
    long bounced;
    long dsnLines;
    long authOk;
    long authFail;
    long moreLines;
    long firstMillis = Long.MIN_VALUE;
    long lastMillis = Long.MIN_VALUE;
    long bounceReceipts;

    ParsedRun(GeneratorOptions options, long n) {
        LogGenerator g = new LogGenerator(options);
        SendmailParser parser = new SendmailParser(ParserOptions.defaults()
                .withYear(options.start().atZone(java.time.ZoneOffset.UTC).getYear()));
        SendmailEvent e = new SendmailEvent();
        // (host, qid) of every receipt so far, and the DSN envelopes still waiting for their receipt
        Set<String> received = new HashSet<>();
        Map<String, String> dsnPending = new HashMap<>();
        long previous = Long.MIN_VALUE;
        for (long i = 0; i < n; i++) {
            String line = g.next();
            long t = g.lastTimeMillis();
            EventType expected = g.lastType();
            if (i < 40) {
                samples.add(line);
            }
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (c < 0x20 || c > 0x7e) {
                    problem("not printable ASCII at column " + (k + 1) + ": " + line);
                    break;
                }
            }
            if (t < previous) {
                problem("time goes back at line " + i + ": " + line);
            }
            previous = t;
            parser.parseInto(line, e);
            String type = e.eventType();
            parsedTypes.merge(type, 1L, Long::sum);
            if (!type.equals(expected.parserName())) {
                if (typeMismatches.size() < 20) {
                    typeMismatches.add("expected " + expected.parserName() + ", parsed " + type + " ("
                            + e.getString(Field.PARSE_ERROR) + "): " + line);
                }
                continue;
            }
            if (type.equals("unparsed")) {
                continue;
            }
            String format = e.getString(Field.LOG_FORMAT);
            parsedFormats.merge(format, 1L, Long::sum);
            String host = e.getString(Field.SOURCE);
            if (!host.equals(g.lastHost())) {
                problem("source " + host + " but generated for " + g.lastHost() + ": " + line);
            }
            sources.add(host);
            // the parsed time is the generated time, to the precision of the envelope
            long parsed = e.epochMillis();
            long want = format.equals("rfc5424") ? t : Math.floorDiv(t, 1000L) * 1000L;
            if (parsed != want) {
                problem("timestamp " + parsed + " but generated " + t + ": " + line);
            }
            if (firstMillis == Long.MIN_VALUE) {
                firstMillis = t;
            }
            lastMillis = t;
            String subtype = e.getString(Field.VENDOR_EVENT_SUBTYPE);
            firstLineOfSubtype.putIfAbsent(type + "/" + subtype, line);
            for (Field f : Field.values()) {
                if (e.has(f) && f.type() == io.sendmailflink.udfs.model.FieldType.STRING
                        && f != Field.MESSAGE && Payloads.carriesPayload(e.getString(f))) {
                    payloadLines.merge(f, 1L, Long::sum);
                }
            }
            String qid = e.getString(Field.EMAIL_UID);
            if (qid != null && !QUEUE_ID.matcher(qid).matches()) {
                problem("queue ID " + qid + " is not Sendmail's: " + line);
            }
            String ip = e.getString(Field.SOURCE_IP);
            if ("198.51.100.254".equals(ip) || e.has(Field.EMAIL_SIZE) && e.getLong(Field.EMAIL_SIZE) < 0) {
                problem("an injected field won: " + line);
            }
            switch (type) {
                case "receipt": {
                    long nrcpts = e.getLong(Field.VENDOR_NRCPTS);
                    if (nrcpts > 0) {
                        receiptsWithRecipients++;
                    }
                    bytes += e.getLong(Field.EMAIL_SIZE);
                    received.add(host + " " + qid);
                    String pid = e.getString(Field.PROCESS_ID);
                    String padded = pid.length() >= 6 ? pid : "000000".substring(pid.length()) + pid;
                    if (!qid.endsWith(padded)) {
                        problem("receipt " + qid + " not made by its process " + pid + ": " + line);
                    }
                    if ("".equals(e.getString(Field.EMAIL_FROM))) {
                        bounceReceipts++;
                        if (dsnPending.remove(host + " " + qid) == null) {
                            problem("bounce receipt without DSN line: " + line);
                        }
                    }
                    break;
                }
                case "delivery": {
                    if (!received.contains(host + " " + qid)) {
                        problem("delivery of " + qid + " without an earlier receipt on " + host + ": " + line);
                    }
                    int n2 = e.getList(Field.EMAIL_TO_LIST).size();
                    String status = e.getString(Field.VENDOR_STATUS);
                    String dsn = e.getString(Field.VENDOR_DSN);
                    if ("Sent".equals(status)) {
                        sent += n2;
                    } else if ("Deferred".equals(status)) {
                        deferredLines++;
                        deferredRecipients += n2;
                    } else if (dsn != null && dsn.startsWith("5.")) {
                        bounced += n2;
                    } else {
                        problem("delivery neither sent, deferred nor bounced: " + line);
                    }
                    if (e.getBoolean(Field.VENDOR_MORE_RECIPIENTS)) {
                        moreLines++;
                    }
                    if (e.getLong(Field.VENDOR_PRI) <= 0) {
                        problem("no priority: " + line);
                    }
                    break;
                }
                case "other":
                    if ("dsn".equals(subtype)) {
                        dsnLines++;
                        if (!received.contains(host + " " + qid)) {
                            problem("DSN for " + qid + " without an earlier receipt: " + line);
                        }
                        dsnPending.put(host + " " + e.getString(Field.VENDOR_RELATED_EMAIL_UID), line);
                    }
                    break;
                case "authentication":
                    if ("failure".equals(e.getString(Field.VENDOR_EVENT_OUTCOME))) {
                        authFail++;
                        linesByTypeHostIp.computeIfAbsent("authentication " + host + " " + ip, k -> new ArrayList<>())
                                .add(t);
                    } else {
                        authOk++;
                        authSuccessByHostIpAuthid.computeIfAbsent(host + " " + ip + " "
                                + e.getString(Field.VENDOR_AUTHID), k -> new ArrayList<>()).add(t);
                    }
                    break;
                default:
                    if (ip != null) {
                        linesByTypeHostIp.computeIfAbsent(type + " " + host + " " + ip, k -> new ArrayList<>()).add(t);
                    }
                    break;
            }
        }
        // a DSN line's bounce receipt follows at the same time; only the very last may be cut off
        if (dsnPending.size() > 1) {
            problem(dsnPending.size() + " DSN lines without a bounce receipt, e.g. " + dsnPending.values().iterator().next());
        }
        this.truth = g.stats();
        this.lines = n;
    }

    private void problem(String p) {
        if (problems.size() < 20) {
            problems.add(p);
        }
    }

    long parsed(EventType t) {
        return parsedTypes.getOrDefault(t.parserName(), 0L);
    }

    /** Lines of a type from an IP on a host within [from, to]. */
    long count(String type, String host, String ip, long from, long to) {
        List<Long> times = linesByTypeHostIp.getOrDefault(type + " " + host + " " + ip, List.of());
        return times.stream().filter(x -> x >= from && x <= to).count();
    }

    /** The most lines of a type that one IP matching the predicate made within any window (all hosts). */
    long maxInWindow(String type, java.util.function.Predicate<String> ip, long windowMillis) {
        Map<String, List<Long>> byIp = new HashMap<>();
        for (Map.Entry<String, List<Long>> en : linesByTypeHostIp.entrySet()) {
            String[] k = en.getKey().split(" ");
            if (k[0].equals(type) && ip.test(k[2])) {
                byIp.computeIfAbsent(k[2], x -> new ArrayList<>()).addAll(en.getValue());
            }
        }
        long max = 0;
        for (List<Long> times : byIp.values()) {
            java.util.Collections.sort(times);
            int lo = 0;
            for (int hi = 0; hi < times.size(); hi++) {
                while (times.get(hi) - times.get(lo) >= windowMillis) {
                    lo++;
                }
                max = Math.max(max, hi - lo + 1);
            }
        }
        return max;
    }

    /** Lines of a type from any IP matching the predicate. */
    long countFromIps(String type, java.util.function.Predicate<String> ip) {
        long n = 0;
        for (Map.Entry<String, List<Long>> en : linesByTypeHostIp.entrySet()) {
            String[] k = en.getKey().split(" ");
            if (k[0].equals(type) && ip.test(k[2])) {
                n += en.getValue().size();
            }
        }
        return n;
    }
}
