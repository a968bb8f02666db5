package io.sendmailflink.jobs.generate;

import io.sendmailflink.jobs.generate.Pools.Client;
import io.sendmailflink.jobs.generate.Pools.Domain;
import io.sendmailflink.jobs.generate.Pools.Remote;
import io.sendmailflink.jobs.generate.Pools.Software;
import io.sendmailflink.jobs.generate.Pools.User;
import io.sendmailflink.udfs.model.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Realistic Sendmail syslog traffic from several hosts, deterministic for a seed and options.
 *
 * <p>A discrete-event simulation: SMTP sessions, queue runs, restarts and attacks schedule their
 * lines at simulated times, and {@link #next()} returns them in time order (never decreasing).
 * New background activity starts at exponentially distributed gaps sized so that the simulated
 * clock advances by {@link GeneratorOptions#linesPerSecond()} lines per second on average
 * (injected attacks come on top). The lines follow Sendmail 8.16–8.18's formats (see
 * shared/spec/sendmail-log-formats.md):
 * <ul>
 *   <li>Inbound mail on the MX hosts: {@code NOQUEUE: connect from} (hosts with a high LogLevel),
 *       {@code STARTTLS=server}, the receipt ({@code from=..., proto=ESMTP[S], daemon=MTA}), rejected
 *       recipients, and one delivery per recipient ({@code mailer=local}) or per group of recipients
 *       ({@code mailer=relay} to the mail store).</li>
 *   <li>Submissions on the relay hosts: {@code STARTTLS=server}, {@code AUTH=server}, the receipt
 *       ({@code proto=ESMTPSA, daemon=MSA}), {@code SMTP outgoing connect on}, {@code STARTTLS=client}
 *       and {@code mailer=esmtp} deliveries grouped per destination (several {@code to=} on a line;
 *       {@code [more]} lines for long lists); local MSP submissions ({@code from=root},
 *       {@code relay=[127.0.0.1] [127.0.0.1]}).</li>
 *   <li>Deferrals ({@code dsn=4.x.x, stat=Deferred: ...}, greylisting, {@code reply=}) retried by
 *       queue runs with growing delays until Sent or bounced; bounces ({@code dsn=5.x.x}) followed
 *       by {@code <qid>: <newqid>: DSN: ...}, the bounce's {@code from=<>} receipt and its
 *       delivery.</li>
 *   <li>Rejections: {@code check_relay} (DNSBL, rate limit; no queue ID), {@code check_mail},
 *       {@code check_rcpt} (relaying denied, user unknown), usrerr lines; scanners (did not issue,
 *       pre-greeting, VRFY/EXPN, open proxy), TLS handshake errors, timeouts, lost input channels,
 *       AUTH failures; {@code starting daemon} for each host at the start and after the occasional
 *       {@code restarting ... due to signal}.</li>
 * </ul>
 * Queue IDs have Sendmail's format (8 characters encoding the creation time and a sequence, then
 * the pid); each SMTP session, delivery process and queue run is a process with its own pid.
 *
 * <p>{@link #stats()} is the ground truth of what has been returned so far.
 *
 * <p>Not thread-safe. Fast: lines are built with {@link StringBuilder}s from precomputed pools;
 * {@link #nextInto(StringBuilder)} avoids even the final {@code String}.
 */
public final class LogGenerator implements Iterator<String> {

    // syslog severities (facility mail = 2)
    private static final int WARNING = 4;
    private static final int NOTICE = 5;
    private static final int INFO = 6;

    // format indexes (GeneratorStats.FORMAT_NAMES)
    private static final int F_3164 = 0;
    private static final int F_5424 = 1;
    private static final int F_FILEBEAT = 2;

    // truth kinds of a line
    private static final byte T_NONE = 0;
    private static final byte T_RECEIPT = 1;
    private static final byte T_SENT = 2;
    private static final byte T_DEFERRED = 3;
    private static final byte T_BOUNCED = 4;
    private static final byte T_DSN = 5;
    private static final byte T_AUTH_OK = 6;
    private static final byte T_AUTH_FAIL = 7;

    // payload field bits
    private static final int P_FROM = 1;
    private static final int P_TO = 2;
    private static final int P_MSGID = 4;
    private static final int P_SRCHOST = 8;
    private static final int P_AUTHID = 16;
    private static final int P_ARG1 = 32;
    private static final int P_REJECT = 64;
    private static final int P_CMDARG = 128;
    private static final Field[] PAYLOAD_FIELDS = {Field.EMAIL_FROM, Field.EMAIL_TO, Field.EMAIL_MESSAGE_ID,
        Field.SOURCE_HOSTNAME, Field.VENDOR_AUTHID, Field.VENDOR_ARG1, Field.VENDOR_REJECT,
        Field.VENDOR_SMTP_COMMAND_ARG};

    // mailers of a delivery group
    private static final int M_LOCAL = 0;
    private static final int M_STORE = 1;
    private static final int M_LISTS = 2;
    private static final int M_LOOPBACK = 3;
    private static final int M_ESMTP = 4;

    // what happens to a delivery group
    private static final int FATE_NORMAL = 0;
    private static final int FATE_SENT = 1;
    private static final int FATE_USER_UNKNOWN = 2;
    private static final int FATE_HOST_UNKNOWN = 3;

    private static final int MAX_ATTEMPTS = 6;
    /** Sendmail's SYSLOG_BUFSIZE: longer recipient lists are split into [more] lines. */
    private static final int SYSLOG_BUFSIZE = 1024;

    // background activities
    private static final int A_INBOUND = 0;
    private static final int A_SUBMISSION = 1;
    private static final int A_APP = 2;
    private static final int A_MSP = 3;
    private static final int A_DNSBL = 4;
    private static final int A_RATE_LIMIT = 5;
    private static final int A_CHECK_MAIL = 6;
    private static final int A_RELAY_PROBE = 7;
    private static final int A_NO_MAIL = 8;
    private static final int A_PREGREET = 9;
    private static final int A_VRFY = 10;
    private static final int A_TLS_FAIL = 11;
    private static final int A_TIMEOUT = 12;
    private static final int A_AUTH_FAIL = 13;
    private static final int A_OPEN_PROXY = 14;
    private static final int[] ACTIVITY_WEIGHTS = Rng.cumulative(400, 240, 50, 40, 40, 10, 30, 30, 40, 10, 10,
            20, 20, 20, 5);

    private static final String QID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx";
    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String HEX = "0123456789abcdef";
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private static final String[][] TLS_SUITES = {
        {"TLSv1.3", "TLS_AES_256_GCM_SHA384", "256/256"},
        {"TLSv1.3", "TLS_AES_256_GCM_SHA384", "256/256"},
        {"TLSv1.3", "TLS_AES_128_GCM_SHA256", "128/128"},
        {"TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", "256/256"},
        {"TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384", "256/256"},
        {"TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "128/128"},
    };
    /** reason, OpenSSL 3 error code, source location. */
    private static final String[][] TLS_ERRORS = {
        {"wrong version number", "0A00010B", "ssl/record/ssl3_record.c:354"},
        {"unsupported protocol", "0A000102", "ssl/statem/statem_srvr.c:1657"},
        {"no shared cipher", "0A0000C1", "ssl/statem/statem_srvr.c:2220"},
        {"http request", "0A00009C", "ssl/record/ssl3_record.c:345"},
        {"unexpected eof while reading", "0A000126", "ssl/record/rec_layer_s3.c:308"},
    };
    private static final String[][] AUTH_FAILURES = {
        {"LOGIN", "authentication failure (-13) SASL(-13): authentication failure: checkpass failed"},
        {"PLAIN", "authentication failure (-13) SASL(-13): authentication failure: Password verification failed"},
        {"login", "authentication failure (-13) SASL(-13): authentication failure: checkpass failed"},
        {"DIGEST-MD5", "user not found (-20) SASL(-13): user not found: unable to canonify user and get auxprops"},
    };
    private static final String[] DNSBL_ANSWERS = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.10", "127.0.0.11"};
    private static final String[] LISTS = {"<announce@" + Pools.LISTS_DOMAIN + ">", "<dev@" + Pools.LISTS_DOMAIN + ">",
        "<users@" + Pools.LISTS_DOMAIN + ">", "<staff@" + Pools.LISTS_DOMAIN + ">", "<events@" + Pools.LISTS_DOMAIN + ">"};
    private static final String[] MSP_USERS = {"root (0/0)", "www-data (33/33)", "nagios (115/120)", "backup (34/34)"};
    private static final String[] OPEN_PROXY_COMMANDS = {"GET / HTTP/1.1\\r\\n", "GET / HTTP/1.0\\r\\n",
        "POST /cgi-bin/php HTTP/1.1\\r\\n", "CONNECT 198.51.100.25:25 HTTP/1.0\\r\\n"};

    private final GeneratorOptions options;
    private final Rng rng;
    private final Pools pools;
    private final Host[] hosts;
    private final Host[] inboundHosts;
    private final Host[] submissionHosts;
    private final GeneratorStats stats = new GeneratorStats();
    private final Heap queue = new Heap();
    private final long startMillis;
    private final double gapMillis;
    private final double noiseShare;
    private final double rfc5424Share;
    private final double filebeatShare;
    private final long[] sizeTable;

    private long seq;
    private double spawnAt;
    private long scheduledLines;
    private long accountedLines;
    private boolean attackMode;
    private int attackerCursor;
    private Pending held;

    /** Builds message bodies (one at a time). */
    private final StringBuilder b = new StringBuilder(1024);
    /** Builds the delivery line's tail before its recipient list. */
    private final StringBuilder tail = new StringBuilder(512);
    /** next()'s line. */
    private final StringBuilder line = new StringBuilder(2048);

    private Host lastHost;
    private long lastMillis = Long.MIN_VALUE;
    private EventType lastType;

    // calendar caches: the fields of one epoch second
    private long calSecond = Long.MIN_VALUE;
    private int calYear;
    private int calMonth;
    private int calDay;
    private int calHour;
    private int calMinute;
    private int calSec;
    private long hdrSecond = Long.MIN_VALUE;
    private String hdr3164;
    /** {@link #hdr3164} and a space, as bytes. */
    private byte[] hdr3164Bytes;
    private String hdrIso;

    public LogGenerator(GeneratorOptions options) {
        this.options = options;
        this.rng = new Rng(options.seed() * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL);
        this.pools = new Pools();
        this.startMillis = options.start().toEpochMilli();
        this.gapMillis = 1000.0 / options.linesPerSecond();
        this.noiseShare = options.noiseShare();
        this.rfc5424Share = options.rfc5424Share();
        this.filebeatShare = options.filebeatShare();
        this.sizeTable = sizeTable(new Rng(options.seed() ^ 0x51E5L));

        hosts = new Host[options.hosts()];
        int mx = 0;
        int relays = 0;
        for (int i = 0; i < hosts.length; i++) {
            int kind = i % 3;
            String name = kind == 2 ? "relay" + (++relays) : "mx" + (++mx);
            hosts[i] = new Host(i, name, kind, rng);
        }
        List<Host> in = new ArrayList<>();
        List<Host> sub = new ArrayList<>();
        for (Host h : hosts) {
            if (h.kind == 2) {
                sub.add(h);
            } else {
                in.add(h);
            }
        }
        if (sub.isEmpty()) {
            sub.add(hosts[0]);
        }
        if (in.isEmpty()) {
            in.add(hosts[0]);
        }
        inboundHosts = in.toArray(new Host[0]);
        submissionHosts = sub.toArray(new Host[0]);

        // each host's daemons start, then restart now and then
        for (Host h : hosts) {
            long t = startMillis + h.index * 211L + rng.nextInt(200);
            startDaemon(h, t, false);
            scheduleRestart(h, t);
        }
        // injected attacks
        int k = 0;
        for (AttackKind kind : AttackKind.values()) {
            if (options.attacks().contains(kind)) {
                long at = startMillis + 120_000L + k * 90_000L;
                scheduleAttack(kind, at);
                k++;
            }
        }
        spawnAt = startMillis + 500 + gapMillis * rng.exponential();
        accountedLines = scheduledLines;
    }

    public GeneratorOptions options() {
        return options;
    }

    /** Ground truth of the lines returned so far (live). */
    public GeneratorStats stats() {
        return stats;
    }

    /** Always true: the traffic never ends. */
    @Override
    public boolean hasNext() {
        return true;
    }

    /** The next line (without a line terminator). */
    @Override
    public String next() {
        line.setLength(0);
        nextInto(line);
        return line.toString();
    }

    /** Host (syslog {@code source}) of the line last returned. */
    public String lastHost() {
        return lastHost == null ? null : lastHost.name;
    }

    /** Simulated time of the line last returned, in epoch milliseconds. */
    public long lastTimeMillis() {
        return lastMillis;
    }

    /** Event type the parser should give the line last returned. */
    public EventType lastType() {
        return lastType;
    }

    /** Appends the next line (without a line terminator) to {@code out}. */
    public void nextInto(StringBuilder out) {
        Pending p = take();
        if (p == null) {
            noise(out, held.t);
            return;
        }
        int format = chooseFormat();
        Host h = p.host;
        int start = out.length();
        switch (format) {
            case F_5424:
                appendRfc5424Header(out, p);
                out.append(p.body);
                break;
            case F_FILEBEAT:
                appendFilebeat(out, p);
                break;
            default:
                appendRfc3164Header(out, p.t, h, p.tag, p.pid);
                out.append(p.body);
                h.logOffset += out.length() - start + 1;
                break;
        }
        done(p, format);
    }

    /**
     * Appends the next line's bytes (ASCII, hence UTF-8; without a terminator) to {@code out}: the
     * same line {@link #next()} would return, with less copying (for writing files).
     */
    public void nextInto(LineBytes out) {
        Pending p = take();
        if (p == null) {
            line.setLength(0);
            noise(line, held.t);
            out.append(line);
            return;
        }
        int format = chooseFormat();
        if (format == F_3164) {
            Host h = p.host;
            int start = out.length();
            headerCache(p.t);
            out.append(hdr3164Bytes).append(h.nameBytes).append(tagBytes(p.tag)).append((byte) '[').append(p.pid)
                    .append(BRACKET_COLON).append(p.body);
            h.logOffset += out.length() - start + 1;
        } else {
            line.setLength(0);
            if (format == F_5424) {
                appendRfc5424Header(line, p);
                line.append(p.body);
            } else {
                appendFilebeat(line, p);
            }
            out.append(line);
        }
        done(p, format);
    }

    private static final byte[] BRACKET_COLON = {']', ':', ' '};

    /** The next line to write, or null when a noise line is due first ({@link #held} then has its time). */
    private Pending take() {
        Pending p = held;
        if (p != null) {
            held = null;
        } else {
            p = advance();
        }
        if (noiseShare > 0 && rng.chance(noiseShare)) {
            held = p;
            spawnAt += gapMillis; // noise takes its share of the rate
            return null;
        }
        return p;
    }

    private void done(Pending p, int format) {
        lastHost = p.host;
        lastMillis = p.t;
        lastType = p.type;
        account(p, format);
    }

    /** " sm-mta" as bytes (tags are a handful of constants). */
    private byte[] tagBytes(String tag) {
        if (tag == lastTag) {
            return lastTagBytes;
        }
        byte[] b = tagCache.get(tag);
        if (b == null) {
            b = (" " + tag).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            tagCache.put(tag, b);
        }
        lastTag = tag;
        lastTagBytes = b;
        return b;
    }

    private final Map<String, byte[]> tagCache = new java.util.HashMap<>();
    private String lastTag;
    private byte[] lastTagBytes;

    /** Pops the next line, running due actions and starting background activity on the way. */
    private Pending advance() {
        while (true) {
            Pending head = queue.peek();
            if (head == null || spawnAt <= head.t) {
                spawn((long) spawnAt);
                continue;
            }
            queue.poll();
            if (head.action != null) {
                head.action.run(head.t);
                continue;
            }
            return head;
        }
    }

    private void account(Pending p, int format) {
        stats.line(p.type, format, p.t);
        switch (p.truth) {
            case T_RECEIPT:
                stats.receipt(p.n, p.size);
                break;
            case T_SENT:
                stats.delivered(p.n);
                break;
            case T_DEFERRED:
                stats.deferred(p.n);
                break;
            case T_BOUNCED:
                stats.bounced(p.n);
                break;
            case T_DSN:
                stats.dsn();
                break;
            case T_AUTH_OK:
                stats.authSuccess();
                break;
            case T_AUTH_FAIL:
                stats.authFailure();
                break;
            default:
                break;
        }
        if (p.attack != null) {
            stats.attackLine(p.attack, p.t, p.attackSuccess);
        }
        int mask = p.payloadMask;
        for (int i = 0; mask != 0; i++, mask >>>= 1) {
            if ((mask & 1) != 0) {
                stats.payload(PAYLOAD_FIELDS[i]);
            }
        }
    }

    private int chooseFormat() {
        if (rfc5424Share == 0 && filebeatShare == 0) {
            return F_3164;
        }
        double r = rng.nextDouble();
        if (r < rfc5424Share) {
            return F_5424;
        }
        return r < rfc5424Share + filebeatShare ? F_FILEBEAT : F_3164;
    }

    // ==== the event queue =========================================================================

    /** A line waiting for its time, or an action (queue run, restart, attack) to run then. */
    private static final class Pending {
        long t;
        long seq;
        Host host;
        String tag;
        int pid;
        int sev;
        EventType type;
        String body;
        Action action;
        byte truth;
        int n;
        long size;
        GeneratorStats.Attack attack;
        boolean attackSuccess;
        int payloadMask;
    }

    /**
     * A binary min-heap on (time, sequence): equal times keep the order of scheduling. The keys live
     * in primitive arrays, so sifting compares without touching the entries.
     */
    private static final class Heap {
        private Pending[] items = new Pending[1024];
        private long[] times = new long[1024];
        private long[] seqs = new long[1024];
        private int size;

        Pending peek() {
            return size == 0 ? null : items[0];
        }

        void add(Pending p) {
            if (size == items.length) {
                int n = size * 2;
                items = java.util.Arrays.copyOf(items, n);
                times = java.util.Arrays.copyOf(times, n);
                seqs = java.util.Arrays.copyOf(seqs, n);
            }
            Pending[] it = items;
            long[] ts = times;
            long[] sq = seqs;
            long t = p.t;
            long q = p.seq;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                long pt = ts[parent];
                if (t > pt || t == pt && q > sq[parent]) {
                    break;
                }
                it[i] = it[parent];
                ts[i] = pt;
                sq[i] = sq[parent];
                i = parent;
            }
            it[i] = p;
            ts[i] = t;
            sq[i] = q;
        }

        Pending poll() {
            Pending[] it = items;
            long[] ts = times;
            long[] sq = seqs;
            Pending top = it[0];
            int n = --size;
            Pending last = it[n];
            long lt = ts[n];
            long lq = sq[n];
            it[n] = null;
            if (n > 0) {
                int i = 0;
                int half = n >>> 1;
                while (i < half) {
                    int c = 2 * i + 1;
                    int r = c + 1;
                    long ct = ts[c];
                    long cq = sq[c];
                    if (r < n) {
                        long rt = ts[r];
                        if (rt < ct || rt == ct && sq[r] < cq) {
                            c = r;
                            ct = rt;
                            cq = sq[r];
                        }
                    }
                    if (lt < ct || lt == ct && lq < cq) {
                        break;
                    }
                    it[i] = it[c];
                    ts[i] = ct;
                    sq[i] = cq;
                    i = c;
                }
                it[i] = last;
                ts[i] = lt;
                sq[i] = lq;
            }
            return top;
        }
    }

    private interface Action {
        void run(long now);
    }

    /** Queues the body in {@link #b} as a line. */
    private Pending emit(long t, Host h, String tag, int pid, EventType type, int sev, Client src) {
        Pending p = new Pending();
        p.t = t;
        p.seq = seq++;
        p.host = h;
        p.tag = tag;
        p.pid = pid;
        p.type = type;
        p.sev = sev;
        p.body = b.toString();
        if (src != null && src.payload) {
            p.payloadMask = P_SRCHOST;
        }
        queue.add(p);
        if (!attackMode) {
            scheduledLines++;
        }
        return p;
    }

    private Pending emit(long t, Host h, int pid, EventType type, int sev, Client src) {
        return emit(t, h, h.tag, pid, type, sev, src);
    }

    private void schedule(long t, Action a) {
        Pending p = new Pending();
        p.t = t;
        p.seq = seq++;
        p.action = a;
        queue.add(p);
    }

    private StringBuilder body() {
        b.setLength(0);
        return b;
    }

    private StringBuilder body(String qid) {
        b.setLength(0);
        return b.append(qid).append(": ");
    }

    // ==== hosts =====================================================================================

    /** A mail host: its daemons, processes and logging. */
    private static final class Host {
        final int index;
        final String name;
        final byte[] nameBytes;
        final String fqdn;
        /** 0: Debian (sm-mta, LogLevel 14), 1: RHEL (sendmail, LogLevel 9), 2: relay (sendmail, 7-digit pids). */
        final int kind;
        final String tag;
        final String program;
        final String version;
        final String mode;
        final int queueMinutes;
        final boolean verbose;
        final boolean localMailer;
        final String logPath;
        final String structuredData;
        final int pidMin;
        final int pidMax;
        int pid;
        int masterPid;
        int qseq;
        long logOffset;

        Host(int index, String name, int kind, Rng rng) {
            this.index = index;
            this.name = name;
            this.nameBytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.fqdn = name + "." + Pools.OUR_DOMAIN;
            this.kind = kind;
            switch (kind) {
                case 0:
                    tag = "sm-mta";
                    program = "/usr/sbin/sendmail-mta";
                    version = "8.18.1";
                    mode = "SMTP+queueing@00:10:00";
                    queueMinutes = 10;
                    verbose = true;
                    localMailer = true;
                    logPath = "/var/log/mail.log";
                    structuredData = "-";
                    pidMin = 2000;
                    pidMax = 999_999;
                    break;
                case 1:
                    tag = "sendmail";
                    program = "/usr/sbin/sendmail";
                    version = "8.16.1";
                    mode = "SMTP+queueing@01:00:00";
                    queueMinutes = 60;
                    verbose = false;
                    localMailer = false;
                    logPath = "/var/log/maillog";
                    structuredData = "-";
                    pidMin = 2000;
                    pidMax = 999_999;
                    break;
                default:
                    tag = "sendmail";
                    program = "/usr/sbin/sendmail";
                    version = "8.17.2";
                    mode = "SMTP+queueing@00:15:00";
                    queueMinutes = 15;
                    verbose = true;
                    localMailer = false;
                    logPath = "/var/log/maillog";
                    structuredData = "[timeQuality tzKnown=\"1\" isSynced=\"1\" syncAccuracy=\"52000\"]";
                    pidMin = 1_000_000;
                    pidMax = 4_194_303;
                    break;
            }
            pid = pidMin + 10_000 + rng.nextInt(Math.min(300_000, pidMax - pidMin - 20_000));
            qseq = rng.nextInt(3600);
        }

        int newPid(Rng rng) {
            pid += 1 + rng.nextInt(4);
            if (pid > pidMax) {
                pid = pidMin + rng.nextInt(1000);
            }
            return pid;
        }

        String mtaDaemon(Client c) {
            if (kind == 0) {
                return c.loggedIp.startsWith("IPv6:") ? "MTA-v6" : "MTA-v4";
            }
            return "MTA";
        }

        String msaDaemon() {
            return kind == 0 ? "MSP-v4" : "MSA";
        }
    }

    private Host pickInbound() {
        Host[] a = inboundHosts;
        return a.length == 1 ? a[0] : a[rng.nextInt(a.length)];
    }

    private Host pickSubmission() {
        Host[] a = submissionHosts;
        return a.length == 1 ? a[0] : a[rng.nextInt(a.length)];
    }

    // ==== service status ============================================================================

    private void startDaemon(Host h, long t, boolean restart) {
        h.masterPid = h.newPid(rng);
        body().append("starting daemon (").append(h.version).append("): ").append(h.mode);
        emit(t, h, h.masterPid, EventType.SERVICE_STATUS, INFO, null);
        if (h.kind == 0 && !restart) {
            // Debian also runs the MSP queue runner
            body().append("starting daemon (").append(h.version).append("): queueing@00:20:00");
            emit(t + 40 + rng.nextInt(200), h, "sm-msp-queue", h.newPid(rng), EventType.SERVICE_STATUS, INFO, null);
        }
    }

    private void scheduleRestart(Host h, long after) {
        long at = after + (long) (6 * 3600_000.0 * (0.2 + rng.exponential()));
        schedule(at, now -> {
            body().append("restarting ").append(h.program).append(" due to signal");
            emit(now, h, h.masterPid, EventType.SERVICE_STATUS, INFO, null);
            startDaemon(h, now + 800 + rng.nextInt(2500), true);
            scheduleRestart(h, now);
        });
    }

    // ==== background traffic ========================================================================

    private void spawn(long t) {
        switch (rng.weighted(ACTIVITY_WEIGHTS)) {
            case A_INBOUND:
                inboundSession(t);
                break;
            case A_SUBMISSION:
                submissionSession(t);
                break;
            case A_APP:
                appServerSession(t);
                break;
            case A_MSP:
                mspSubmission(t);
                break;
            case A_DNSBL:
                checkRelay(t, true);
                break;
            case A_RATE_LIMIT:
                checkRelay(t, false);
                break;
            case A_CHECK_MAIL:
                checkMailReject(t);
                break;
            case A_RELAY_PROBE:
                relayProbe(t);
                break;
            case A_NO_MAIL:
                noMailScan(t);
                break;
            case A_PREGREET:
                pregreetScan(t);
                break;
            case A_VRFY:
                vrfyScan(t);
                break;
            case A_TLS_FAIL:
                tlsFailure(t);
                break;
            case A_TIMEOUT:
                timeoutOrLost(t);
                break;
            case A_AUTH_FAIL:
                authFailureBot(t);
                break;
            default:
                openProxy(t);
                break;
        }
        long n = scheduledLines - accountedLines;
        accountedLines = scheduledLines;
        spawnAt += gapMillis * Math.max(1, n) * rng.exponential();
    }

    private boolean payloadSession() {
        return options.payloads() && rng.chance(options.payloadShare());
    }

    private Client scanner(boolean payload) {
        return payload ? rng.pick(pools.payloadClients) : rng.pick(pools.scanners);
    }

    /** Mail from a partner domain to our users. */
    private void inboundSession(long t) {
        Host h = pickInbound();
        boolean payload = payloadSession();
        Domain d = pickDomain();
        Client c = payload && rng.chance(0.5) ? rng.pick(pools.payloadClients) : rng.pick(d.outbound);
        int pid = h.newPid(rng);
        String cq = qid(h, t, pid);
        if (h.verbose) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
        }
        t += rng.between(30, 400);
        boolean tls = (d.tls || c.payload) && rng.chance(0.92);
        if (tls) {
            starttlsServer(h, pid, c, t, rng.chance(0.95) ? "NO" : "OK");
            t += rng.between(40, 300);
        }
        String proto = tls ? "ESMTPS" : rng.chance(0.9) ? "ESMTP" : "SMTP";
        int messages = rng.chance(0.9) ? 1 : rng.between(2, 3);
        for (int m = 0; m < messages; m++) {
            String qid = m == 0 ? cq : qid(h, t, pid);
            Msg msg = new Msg(h, qid);
            boolean fromPayload = payload && rng.chance(0.6);
            String senderLocal = fromPayload ? "\"" + rng.pick(Payloads.QUOTABLE) + "\"" : rng.pick(pools.externalLocals);
            msg.sender(senderLocal + "@" + d.name, d, null, fromPayload);
            int want = recipientCount();
            List<Group> groups = new ArrayList<>(4);
            for (int r = 0; r < want; r++) {
                t += rng.between(15, 250);
                int kind = rng.nextInt(100);
                if (kind < 2) {
                    rejectUnknownLocal(h, pid, qid, c, t);
                    continue;
                }
                if (kind < 9) {
                    addToGroup(groups, msg, M_LISTS, null, rng.pick(LISTS), null);
                } else {
                    String rcpt = kind < 17 ? rng.pick(pools.roles) + "@" + Pools.OUR_DOMAIN
                            : rng.pick(pools.users).address;
                    addLocal(groups, msg, h, "<" + rcpt + ">", null);
                }
            }
            t += rng.between(300, 3500);
            if (groups.isEmpty()) {
                Pending rr = receiptRejected(h, pid, qid, msg.from, proto, h.mtaDaemon(c), c, t);
                if (msg.senderPayload) {
                    rr.payloadMask |= P_FROM;
                }
                break;
            }
            boolean idPayload = payload && rng.chance(0.4);
            String msgid = idPayload ? "<" + rng.pick(Payloads.TEXT) + "@" + d.name + ">" : externalMsgid(d);
            msg.start(t, size(), groups, rng.chance(0.97) ? 0 : -60);
            Pending rp = receipt(msg, msgid, rng.chance(0.6) ? "8BITMIME" : null, proto, h.mtaDaemon(c), c, pid, t);
            if (idPayload) {
                rp.payloadMask |= P_MSGID;
            }
            deliverAll(msg, t + rng.between(5, 400));
            t += rng.between(50, 600);
        }
    }

    /** A user's mail client submits on port 587: STARTTLS, AUTH, then delivery to the world. */
    private void submissionSession(long t) {
        Host h = pickSubmission();
        User u = rng.pick(pools.users);
        Client c = u.workstation;
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        if (h.verbose) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
        }
        t += rng.between(20, 200);
        starttlsServer(h, pid, c, t, "NO");
        t += rng.between(30, 200);
        if (rng.chance(0.03)) {
            // a mistyped password first
            String[] f = AUTH_FAILURES[rng.nextInt(2)];
            authFailure(h, pid, qid, c, t, f, u.authid, false, null);
            t += rng.between(2000, 12000);
        }
        authSuccess(h, pid, c, t, u.authid, rng.chance(0.7) ? "PLAIN" : "LOGIN", null);
        t += rng.between(100, 800);
        Msg msg = new Msg(h, qid);
        msg.sender(u.address, null, u, false);
        List<Group> groups = new ArrayList<>(4);
        if (rng.chance(0.004)) {
            // an announcement to many people at one provider: [more] lines
            Domain d = pools.domains[0];
            int n = rng.between(40, 80);
            for (int i = 0; i < n; i++) {
                addToGroup(groups, msg, M_ESMTP, d, "<" + rng.pick(pools.externalLocals) + i + "@" + d.name
                        + ">", null);
            }
        } else {
            int want = recipientCount();
            for (int i = 0; i < want; i++) {
                addSubmissionRecipient(groups, msg, h);
            }
        }
        t += rng.between(500, 4000);
        msg.start(t, size(), groups, 0);
        receipt(msg, muaMsgid(c, t), rng.chance(0.5) ? "8BITMIME" : null, "ESMTPSA", h.msaDaemon(), c, pid, t);
        deliverAll(msg, t + rng.between(5, 300));
    }

    private void addSubmissionRecipient(List<Group> groups, Msg msg, Host h) {
        if (rng.chance(0.25)) {
            addLocal(groups, msg, h, "<" + rng.pick(pools.users).address + ">", null);
            return;
        }
        if (rng.chance(0.003)) {
            // a mistyped domain
            String dom = "no-such-" + rng.pick(new String[] {"acme", "shop", "mail"}) + rng.nextInt(100) + ".example.net";
            Group g = new Group(msg, M_ESMTP, null, null);
            g.fate = FATE_HOST_UNKNOWN;
            g.unknownDomain = dom;
            g.add("<" + rng.pick(pools.externalLocals) + "@" + dom + ">", false);
            groups.add(g);
            return;
        }
        Domain d = pickDomain();
        String rcpt = "<" + rng.pick(pools.externalLocals) + "@" + d.name + ">";
        if (rng.chance(0.015)) {
            // unknown at the remote end: its own transaction, bounced
            Group g = new Group(msg, M_ESMTP, d, null);
            g.fate = FATE_USER_UNKNOWN;
            g.add(rcpt, false);
            groups.add(g);
            return;
        }
        addToGroup(groups, msg, M_ESMTP, d, rcpt, null);
    }

    /** An application server relays by IP (no AUTH): notifications, bulk mail. */
    private void appServerSession(long t) {
        Host h = pickSubmission();
        Client c = rng.pick(pools.appServers);
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        if (h.verbose) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
        }
        t += rng.between(5, 50);
        boolean tls = rng.chance(0.5);
        if (tls) {
            starttlsServer(h, pid, c, t, "NO");
            t += rng.between(20, 100);
        }
        Msg msg = new Msg(h, qid);
        msg.sender(rng.pick(new String[] {"noreply", "notifications", "billing", "alerts"}) + "@" + Pools.OUR_DOMAIN,
                null, null, false);
        List<Group> groups = new ArrayList<>(4);
        int want = rng.chance(0.8) ? 1 : rng.between(2, 6);
        for (int i = 0; i < want; i++) {
            addSubmissionRecipient(groups, msg, h);
        }
        t += rng.between(100, 900);
        boolean bulk = rng.chance(0.3);
        msg.start(t, 1500 + rng.nextInt(40_000), groups, bulk ? -60 : 0);
        receipt(msg, sendmailMsgid(h, t, qid), null, tls ? "ESMTPS" : "ESMTP", "MTA", c, pid, t);
        deliverAll(msg, t + rng.between(5, 300));
    }

    /**
     * A local program mails root (cron, monitoring): the MSP ({@code sendmail}) queues it with
     * {@code from=root, relay=root@localhost} and relays it over SMTP to the MTA on localhost.
     */
    private void mspSubmission(long t) {
        Host h = pickSubmission();
        String user = rng.pick(MSP_USERS);
        String login = user.substring(0, user.indexOf(' '));
        int mspPid = h.newPid(rng);
        String q1 = qid(h, t, mspPid);
        long size = 200 + rng.nextInt(4000);
        String rcpt = rng.chance(0.7) ? "admin@" + Pools.OUR_DOMAIN : rng.pick(pools.users).address;
        String msgid = sendmailMsgid(h, t, q1);
        body(q1).append("from=").append(login).append(", size=").append(size).append(", class=0, nrcpts=1, msgid=")
                .append(msgid).append(", relay=").append(login).append("@localhost");
        Pending r1 = emit(t, h, "sendmail", mspPid, EventType.RECEIPT, INFO, null);
        r1.truth = T_RECEIPT;
        r1.n = 1;
        r1.size = size;
        long t2 = t + rng.between(200, 3000);
        int mtaPid = h.newPid(rng);
        String q2 = qid(h, t2, mtaPid);
        long size2 = size + 300 + rng.nextInt(200);
        Msg m2 = new Msg(h, q2);
        m2.sender(login + "@" + h.fqdn, null, null, false);
        m2.noBounce = true;
        List<Group> groups = new ArrayList<>(4);
        addLocal(groups, m2, h, "<" + rcpt + ">", "<" + login + "@" + h.fqdn + "> " + user.substring(user.indexOf('(')));
        m2.start(t2, size2, groups, 0);
        body(q2).append("from=<").append(login).append('@').append(h.fqdn).append(">, size=").append(size2)
                .append(", class=0, nrcpts=1, msgid=").append(msgid)
                .append(", proto=ESMTP, daemon=MTA, relay=localhost [127.0.0.1]");
        Pending r2 = emit(t2, h, mtaPid, EventType.RECEIPT, INFO, null);
        r2.truth = T_RECEIPT;
        r2.n = 1;
        r2.size = size2;
        // the MSP's own delivery line (to the MTA), after the MTA logged the receipt
        Msg m1 = new Msg(h, q1);
        m1.msp = true;
        m1.noBounce = true;
        m1.size = size;
        m1.nrcpts = 1;
        m1.ctime = t;
        Group g1 = new Group(m1, M_LOOPBACK, null, user);
        g1.fate = FATE_SENT;
        g1.add(rcpt, false);
        g1.acceptedAs = q2;
        attempt(g1, t2 + rng.between(1, 30) - 1, mspPid, "sendmail");
        deliverAll(m2, t2 + rng.between(20, 400));
    }

    /** {@code ruleset=check_relay} (no queue ID): a DNSBL hit or a rate limit. */
    private void checkRelay(long t, boolean dnsbl) {
        Host h = pickInbound();
        Client c = rng.pick(pools.scanners);
        int pid = h.newPid(rng);
        if (h.verbose && rng.chance(0.5)) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
            t += rng.between(1, 20);
        }
        body().append("ruleset=check_relay, arg1=").append(c.host != null ? c.host : "[" + c.loggedIp + "]")
                .append(", arg2=");
        if (dnsbl) {
            b.append(rng.pick(DNSBL_ANSWERS)).append(", relay=").append(c.relay).append(", reject=");
            switch (rng.nextInt(3)) {
                case 0:
                    b.append("550 5.7.1 Rejected: ").append(c.ip).append(" listed at dnsbl.example.org");
                    break;
                case 1:
                    b.append("554 5.7.1 Mail from ").append(c.ip).append(" refused - see http://bl.example.net/query?ip=")
                            .append(c.ip);
                    break;
                default:
                    b.append("553 5.3.0 ").append(c.ip).append(" Rejected due to abuse - see http://rbl.example.org/");
                    break;
            }
        } else {
            b.append(c.loggedIp).append(", relay=").append(c.relay).append(", reject=421 4.3.2 ")
                    .append(rng.chance(0.7) ? "Connection rate limit exceeded." : "Too many open connections.");
        }
        emit(t, h, pid, EventType.RULESET_REJECTION, NOTICE, c);
    }

    /** {@code ruleset=check_mail}: the sender's domain does not exist. */
    private void checkMailReject(long t) {
        Host h = pickInbound();
        boolean payload = payloadSession();
        Client c = rng.pick(pools.scanners);
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        if (h.verbose) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
        }
        t += rng.between(200, 3000);
        String local = payload ? "\"" + rng.pick(Payloads.QUOTABLE) + "\"" : rng.pick(pools.externalLocals);
        String addr = local + "@" + rng.pick(new String[] {"mail-", "srv", "news-", "promo"}) + rng.nextInt(1000)
                + ".example.org";
        body(qid).append("ruleset=check_mail, arg1=<").append(addr).append(">, relay=").append(c.relay).append(", reject=");
        if (rng.chance(0.75)) {
            b.append("553 5.1.8 <").append(addr).append(">... Domain of sender address ").append(addr)
                    .append(" does not exist");
        } else {
            b.append("451 4.1.8 Domain of sender address ").append(addr).append(" does not resolve");
        }
        Pending p = emit(t, h, pid, EventType.RULESET_REJECTION, NOTICE, c);
        if (payload) {
            p.payloadMask |= P_ARG1 | P_REJECT;
        }
    }

    /** A spammer tries to relay: check_rcpt "Relaying denied", then gives up. */
    private void relayProbe(long t) {
        Host h = pickInbound();
        boolean payload = payloadSession();
        Client c = rng.pick(pools.scanners);
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        if (h.verbose) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
        }
        t += rng.between(300, 4000);
        int n = rng.chance(0.7) ? 1 : rng.between(2, 3);
        for (int i = 0; i < n; i++) {
            boolean pl = payload && i == 0;
            String local = pl ? "\"" + rng.pick(Payloads.QUOTABLE) + "\"" : rng.pick(pools.externalLocals);
            Domain d = pickDomain();
            Pending p = relayDenied(h, pid, qid, c, t, local + "@" + d.name);
            if (pl) {
                p.payloadMask |= P_ARG1 | P_REJECT;
            }
            t += rng.between(100, 1500);
        }
        if (rng.chance(0.5)) {
            body(qid).append("lost input channel from ").append(c.relay).append(" to ").append(h.mtaDaemon(c))
                    .append(" after rcpt");
            emit(t, h, pid, EventType.OTHER, NOTICE, c);
        }
        receiptRejected(h, pid, qid, "<" + rng.pick(pools.externalLocals) + "@" + pickDomain().name + ">",
                rng.chance(0.5) ? "SMTP" : "ESMTP", h.mtaDaemon(c), c, t);
    }

    /** A scanner connects without a command, once or a few times. */
    private void noMailScan(long t) {
        Host h = pickInbound();
        Client c = scanner(payloadSession());
        int n = rng.chance(0.8) ? 1 : rng.between(2, 3);
        for (int i = 0; i < n; i++) {
            int pid = h.newPid(rng);
            String qid = qid(h, t, pid);
            if (h.verbose) {
                body("NOQUEUE").append("connect from ").append(c.relay);
                emit(t, h, pid, EventType.CONNECTION, INFO, c);
            }
            t += rng.between(1000, 20_000);
            didNotIssue(h, pid, qid, c, t, h.mtaDaemon(c), null);
            t += rng.between(2000, 30_000);
        }
    }

    private void pregreetScan(long t) {
        Host h = pickInbound();
        Client c = scanner(payloadSession());
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        pregreet(h, pid, qid, c, t + rng.between(0, 2000), rng.chance(0.8) ? 0 : rng.between(1, 6), null);
    }

    private void vrfyScan(long t) {
        Host h = pickInbound();
        boolean payload = payloadSession();
        Client c = scanner(payload && rng.chance(0.5));
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        int n = rng.between(1, 2);
        for (int i = 0; i < n; i++) {
            t += rng.between(300, 3000);
            boolean pl = payload && i == 0;
            Pending p = vrfy(h, pid, qid, c, t, pl ? rng.pick(Payloads.TEXT) : rng.pick(Pools.VRFY_NAMES), null);
            if (pl) {
                p.payloadMask |= P_CMDARG;
            }
        }
    }

    /** A client whose TLS handshake fails (scanners speaking HTTP or SSLv3), then leaves. */
    private void tlsFailure(long t) {
        Host h = rng.chance(0.8) ? pickInbound() : pickSubmission();
        Client c = rng.pick(pools.scanners);
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        if (h.verbose) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
        }
        t += rng.between(100, 1500);
        String[] e = rng.pick(TLS_ERRORS);
        body().append("STARTTLS=server, error: accept failed=").append(rng.chance(0.8) ? "-1" : "0").append(", reason=")
                .append(e[0]).append(", SSL_error=1, errno=0, retry=-1, relay=").append(c.relay);
        emit(t, h, pid, EventType.STARTTLS, WARNING, c);
        body().append("STARTTLS=server: error:").append(e[1]).append(":SSL routines::").append(e[0]).append(':')
                .append(e[2]).append(':');
        emit(t, h, pid, EventType.STARTTLS, WARNING, null);
        didNotIssue(h, pid, qid, c, t + rng.between(10, 500), h.kind == 2 ? h.msaDaemon() : h.mtaDaemon(c), null);
    }

    /** A client goes silent: a timeout, or the connection drops after MAIL. */
    private void timeoutOrLost(long t) {
        Host h = pickInbound();
        boolean payload = payloadSession();
        Client c = scanner(payload);
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        if (h.verbose) {
            body("NOQUEUE").append("connect from ").append(c.relay);
            emit(t, h, pid, EventType.CONNECTION, INFO, c);
        }
        if (rng.chance(0.5)) {
            t += 300_000 + rng.nextInt(5000);
            body(qid).append("timeout waiting for input from ").append(c.peerName()).append(" during server cmd read");
            emit(t, h, pid, EventType.OTHER, NOTICE, c);
            didNotIssue(h, pid, qid, c, t, h.mtaDaemon(c), null);
        } else {
            t += rng.between(2000, 60_000);
            body(qid).append("lost input channel from ").append(c.relay).append(" to ").append(h.mtaDaemon(c))
                    .append(" after mail");
            emit(t, h, pid, EventType.OTHER, NOTICE, c);
            receiptRejected(h, pid, qid, "<" + rng.pick(pools.externalLocals) + "@" + pickDomain().name + ">",
                    "ESMTP", h.mtaDaemon(c), c, t);
        }
    }

    /** A bot tries a password or two on the submission port and leaves. */
    private void authFailureBot(long t) {
        Host h = pickSubmission();
        boolean payload = payloadSession();
        Client c = rng.pick(pools.scanners);
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        t += rng.between(100, 1500);
        if (rng.chance(0.6)) {
            starttlsServer(h, pid, c, t, "NO");
            t += rng.between(50, 500);
        }
        int n = rng.between(1, 2);
        for (int i = 0; i < n; i++) {
            boolean pl = payload && i == 0;
            String user = pl ? rng.pick(Payloads.TEXT)
                    : rng.chance(0.5) ? rng.pick(Pools.GUESSES) : rng.pick(Pools.GUESSES) + "@" + Pools.OUR_DOMAIN;
            authFailure(h, pid, qid, c, t, rng.pick(AUTH_FAILURES), user, pl, null);
            t += rng.between(1000, 6000);
        }
    }

    private void openProxy(long t) {
        Host h = pickInbound();
        Client c = rng.pick(pools.scanners);
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        t += rng.between(10, 300);
        body(qid).append(c.relay).append(": probable open proxy: command=").append(rng.pick(OPEN_PROXY_COMMANDS));
        emit(t, h, pid, EventType.OTHER, NOTICE, c);
        didNotIssue(h, pid, qid, c, t + rng.between(1, 50), h.mtaDaemon(c), null);
    }

    // ==== line builders =============================================================================

    private void starttlsServer(Host h, int pid, Client c, long t, String verify) {
        String[] s = TLS_SUITES[rng.nextInt(TLS_SUITES.length)];
        body().append("STARTTLS=server, relay=").append(c.relay).append(", version=").append(s[0]).append(", verify=")
                .append(verify).append(", cipher=").append(s[1]).append(", bits=").append(s[2]);
        emit(t, h, pid, EventType.STARTTLS, INFO, c);
    }

    private void starttlsClient(Host h, int pid, String tag, Remote mx, String verify, long t) {
        String[] s = TLS_SUITES[rng.nextInt(TLS_SUITES.length)];
        body().append("STARTTLS=client, relay=").append(mx.name).append(", version=").append(s[0]).append(", verify=")
                .append(verify).append(", cipher=").append(s[1]).append(", bits=").append(s[2]);
        emit(t, h, tag, pid, EventType.STARTTLS, INFO, null);
    }

    private Pending authSuccess(Host h, int pid, Client c, long t, String authid, String mech,
            GeneratorStats.Attack attack) {
        body().append("AUTH=server, relay=").append(c.relay).append(", authid=").append(authid).append(", mech=")
                .append(mech).append(", bits=0");
        Pending p = emit(t, h, pid, EventType.AUTHENTICATION, INFO, c);
        p.truth = T_AUTH_OK;
        if (attack != null) {
            p.attack = attack;
            p.attackSuccess = true;
        }
        return p;
    }

    private Pending authFailure(Host h, int pid, String qid, Client c, long t, String[] failure, String user,
            boolean payload, GeneratorStats.Attack attack) {
        body(qid).append("AUTH failure (").append(failure[0]).append("): ").append(failure[1]).append(", user=")
                .append(user).append(", relay=").append(c.relay);
        Pending p = emit(t, h, pid, EventType.AUTHENTICATION, WARNING, c);
        p.truth = T_AUTH_FAIL;
        p.attack = attack;
        if (payload) {
            p.payloadMask |= P_AUTHID;
        }
        return p;
    }

    private Pending didNotIssue(Host h, int pid, String qid, Client c, long t, String daemon,
            GeneratorStats.Attack attack) {
        body(qid).append(c.relay).append(" did not issue MAIL/EXPN/VRFY/ETRN during connection to ").append(daemon);
        Pending p = emit(t, h, pid, EventType.INVALID_CONNECTION, INFO, c);
        p.attack = attack;
        return p;
    }

    private Pending pregreet(Host h, int pid, String qid, Client c, long t, int seconds, GeneratorStats.Attack attack) {
        body(qid).append("rejecting commands from ").append(c.peerName()).append(" [").append(c.loggedIp)
                .append("] due to pre-greeting traffic after ").append(seconds).append(" seconds");
        Pending p = emit(t, h, pid, EventType.PREGREET, NOTICE, c);
        p.attack = attack;
        return p;
    }

    private Pending vrfy(Host h, int pid, String qid, Client c, long t, String arg, GeneratorStats.Attack attack) {
        String cmd;
        switch (rng.nextInt(4)) {
            case 0:
                cmd = "VRFY";
                break;
            case 1:
                cmd = "EXPN";
                break;
            case 2:
                cmd = "vrfy";
                break;
            default:
                cmd = "expn";
                break;
        }
        body(qid).append(c.relay).append(": ").append(cmd).append(' ').append(arg).append(" [rejected]");
        Pending p = emit(t, h, pid, EventType.REJECTED_DISCOVERY, NOTICE, c);
        p.attack = attack;
        return p;
    }

    private Pending relayDenied(Host h, int pid, String qid, Client c, long t, String addr) {
        body(qid).append("ruleset=check_rcpt, arg1=<").append(addr).append(">, relay=").append(c.relay)
                .append(", reject=550 5.7.1 <").append(addr).append(">... Relaying denied");
        if (c.host == null) {
            b.append(". IP name lookup failed [").append(c.ip).append(']');
        } else if (c.relay.endsWith("(may be forged)")) {
            b.append(". IP name possibly forged [").append(c.ip).append(']');
        } else {
            b.append(". Proper authentication required.");
        }
        return emit(t, h, pid, EventType.RULESET_REJECTION, NOTICE, c);
    }

    private Pending userUnknownRuleset(Host h, int pid, String qid, Client c, long t, String addr) {
        body(qid).append("ruleset=check_rcpt, arg1=<").append(addr).append(">, relay=").append(c.relay)
                .append(", reject=550 5.1.1 <").append(addr).append(">... User unknown");
        return emit(t, h, pid, EventType.RULESET_REJECTION, NOTICE, c);
    }

    /** An unknown local recipient: the usrerr line or (virtusertable error:nouser) the ruleset line. */
    private void rejectUnknownLocal(Host h, int pid, String qid, Client c, long t) {
        String addr = rng.pick(Pools.GUESSES) + "@" + Pools.OUR_DOMAIN;
        if (rng.chance(0.5)) {
            body(qid).append('<').append(addr).append(">... User unknown");
            emit(t, h, pid, EventType.OTHER, NOTICE, null);
        } else {
            userUnknownRuleset(h, pid, qid, c, t, addr);
        }
    }

    /** The receipt of a session whose recipients were all rejected: size=0, nrcpts=0. */
    private Pending receiptRejected(Host h, int pid, String qid, String from, String proto, String daemon, Client c,
            long t) {
        body(qid).append("from=").append(from).append(", size=0, class=0, nrcpts=0, proto=").append(proto)
                .append(", daemon=").append(daemon).append(", relay=").append(c.relay);
        Pending p = emit(t, h, pid, EventType.RECEIPT, INFO, c);
        p.truth = T_RECEIPT;
        return p;
    }

    private Pending receipt(Msg m, String msgid, String bodytype, String proto, String daemon, Client c, int pid,
            long t) {
        body(m.qid).append("from=").append(m.from).append(", size=").append(m.size).append(", class=").append(m.cls)
                .append(", nrcpts=").append(m.nrcpts).append(", msgid=").append(msgid);
        if (bodytype != null) {
            b.append(", bodytype=").append(bodytype);
        }
        if (proto != null) {
            b.append(", proto=").append(proto);
        }
        if (daemon != null) {
            b.append(", daemon=").append(daemon);
        }
        b.append(", relay=").append(c == null ? "localhost" : c.relay);
        Pending p = emit(t, m.h, pid, EventType.RECEIPT, INFO, c);
        p.truth = T_RECEIPT;
        p.n = m.nrcpts;
        p.size = m.size;
        if (m.senderPayload) {
            p.payloadMask |= P_FROM;
        }
        return p;
    }

    // ==== messages and delivery =====================================================================

    /** A queued envelope. */
    private static final class Msg {
        final Host h;
        final String qid;
        /** As logged after from=: {@code <a@b>}, {@code <>}, {@code root}. */
        String from;
        /** The bare sender address (for a bounce), or null. */
        String senderAddress;
        Domain senderDomain;
        User senderUser;
        boolean senderPayload;
        long ctime;
        long size;
        int nrcpts;
        int cls;
        boolean msp;
        boolean noBounce;
        List<Group> groups = List.of();

        Msg(Host h, String qid) {
            this.h = h;
            this.qid = qid;
        }

        void sender(String address, Domain domain, User user, boolean payload) {
            this.from = "<" + address + ">";
            this.senderAddress = address;
            this.senderDomain = domain;
            this.senderUser = user;
            this.senderPayload = payload;
        }

        void start(long t, long size, List<Group> groups, int cls) {
            this.ctime = t;
            this.size = size;
            this.cls = cls;
            this.groups = groups;
            int n = 0;
            for (Group g : groups) {
                n += g.n;
            }
            this.nrcpts = n;
        }
    }

    /** Recipients delivered in one transaction (same mailer and host). */
    private static final class Group {
        final Msg m;
        final int mailer;
        final Domain domain;
        final String ctladdr;
        final List<String> rcpts = new ArrayList<>(2);
        int n;
        int fate;
        int attempts;
        boolean payloadRcpt;
        String unknownDomain;
        String acceptedAs;

        Group(Msg m, int mailer, Domain domain, String ctladdr) {
            this.m = m;
            this.mailer = mailer;
            this.domain = domain;
            this.ctladdr = ctladdr;
        }

        void add(String rcpt, boolean payload) {
            rcpts.add(rcpt);
            n++;
            payloadRcpt |= payload;
        }
    }

    /** Adds a recipient to the message's transaction for this mailer and domain (a new one if none). */
    private void addToGroup(List<Group> groups, Msg msg, int mailer, Domain d, String rcpt, String ctladdr) {
        Group g = null;
        for (int i = 0, n = groups.size(); i < n; i++) {
            Group x = groups.get(i);
            if (x.mailer == mailer && x.domain == d && x.fate == FATE_NORMAL) {
                g = x;
                break;
            }
        }
        if (g == null) {
            g = new Group(msg, mailer, d, ctladdr);
            groups.add(g);
        }
        if (!g.rcpts.contains(rcpt)) {
            g.add(rcpt, false);
        }
    }

    /** A recipient here: the local mailer (one delivery each) or the relay to the mail store (grouped). */
    private void addLocal(List<Group> groups, Msg msg, Host h, String rcpt, String ctladdr) {
        if (h.localMailer) {
            for (int i = 0, n = groups.size(); i < n; i++) {
                Group x = groups.get(i);
                if (x.mailer == M_LOCAL && x.rcpts.get(0).equals(rcpt)) {
                    return;
                }
            }
            Group g = new Group(msg, M_LOCAL, null, ctladdr);
            g.add(rcpt, false);
            groups.add(g);
        } else {
            addToGroup(groups, msg, M_STORE, null, rcpt, ctladdr);
        }
    }

    private void deliverAll(Msg m, long t) {
        int pid = m.h.newPid(rng);
        for (Group g : m.groups) {
            t = attempt(g, t, pid, m.h.tag) + rng.between(5, 120);
        }
    }

    /**
     * One delivery attempt of a group at {@code t} by process {@code pid}: the connection and TLS
     * lines, the delivery line(s), and what follows (a retry later, or the bounce). Returns the
     * time of the delivery line.
     */
    private long attempt(Group g, long t, int pid, String tag) {
        Msg m = g.m;
        Host h = m.h;
        g.attempts++;
        Remote mx = g.domain != null ? g.domain.mx[g.domain.mx.length == 1 || rng.chance(0.8) ? 0
                : rng.nextInt(g.domain.mx.length)] : null;
        // decide
        int outcome = decide(g);
        boolean connects = outcome != O_DEFER_REFUSED && outcome != O_DEFER_TIMEOUT && outcome != O_HOST_UNKNOWN
                && outcome != O_DEFER_LOCAL;
        long lt = t;
        if (g.mailer == M_ESMTP || g.mailer == M_STORE || g.mailer == M_LISTS) {
            if (connects && h.verbose) {
                body(m.qid).append("SMTP outgoing connect on ").append(h.fqdn);
                emit(lt, h, tag, pid, EventType.CONNECTION, INFO, null);
            }
            if (connects && g.mailer == M_ESMTP && g.domain.tls) {
                lt += rng.between(60, 400);
                starttlsClient(h, pid, tag, mx, g.domain.verify, lt);
            }
        }
        long xdelay;
        switch (g.mailer) {
            case M_LOCAL:
            case M_LOOPBACK:
                xdelay = rng.between(0, 1200);
                break;
            case M_ESMTP:
                xdelay = outcome == O_DEFER_TIMEOUT ? 60_000 + rng.nextInt(240_000) : rng.between(300, 4000);
                break;
            default:
                xdelay = rng.between(100, 1500);
                break;
        }
        lt = Math.max(lt, t + xdelay);
        // the tail of the line: everything after the recipient list
        StringBuilder tl = tail;
        tl.setLength(0);
        if (g.ctladdr != null) {
            tl.append(", ctladdr=").append(g.ctladdr);
        }
        tl.append(", delay=");
        appendInterval(tl, lt - m.ctime);
        if (outcome != O_HOST_UNKNOWN) {
            tl.append(", xdelay=");
            appendInterval(tl, lt - t);
        }
        tl.append(", mailer=").append(mailerName(g.mailer)).append(", pri=")
                .append(m.size + 30000L * m.nrcpts - 1800L * m.cls + 90000L * (m.msp ? g.attempts - 1 : g.attempts));
        switch (g.mailer) {
            case M_STORE:
                tl.append(", relay=").append(Pools.MAILSTORE).append(" [").append(Pools.MAILSTORE_IP).append(']');
                break;
            case M_LISTS:
                tl.append(", relay=").append(Pools.LISTS_HOST).append(" [").append(Pools.LISTS_IP).append(']');
                break;
            case M_LOOPBACK:
                tl.append(", relay=[127.0.0.1] [127.0.0.1]");
                break;
            case M_ESMTP:
                if (outcome == O_HOST_UNKNOWN) {
                    tl.append(", relay=").append(g.unknownDomain);
                } else {
                    tl.append(", relay=").append(mx.name).append(" [").append(mx.ip).append(']');
                }
                break;
            default:
                break;
        }
        String statText = null;
        byte truth;
        switch (outcome) {
            case O_SENT:
                tl.append(", dsn=2.0.0, stat=Sent");
                appendSentText(tl, g, mx);
                truth = T_SENT;
                break;
            case O_DEFER_REFUSED:
                tl.append(", dsn=4.0.0, stat=Deferred: Connection refused by ").append(relayHostName(g, mx));
                truth = T_DEFERRED;
                break;
            case O_DEFER_TIMEOUT:
                tl.append(", dsn=4.0.0, stat=Deferred: Connection timed out with ").append(relayHostName(g, mx));
                truth = T_DEFERRED;
                break;
            case O_DEFER_GREY: {
                String r = "<" + bare(g.rcpts.get(0)) + ">... Greylisted, please try again later";
                tl.append(", dsn=4.2.0, reply=450 4.2.0 ").append(r).append(", stat=Deferred: 450 4.2.0 ").append(r);
                truth = T_DEFERRED;
                break;
            }
            case O_DEFER_421:
                tl.append(", dsn=4.7.0, reply=421 4.7.0 Try again later, closing connection.")
                        .append(", stat=Deferred: 421 4.7.0 Try again later, closing connection.");
                truth = T_DEFERRED;
                break;
            case O_DEFER_FULL: {
                String r = "<" + bare(g.rcpts.get(0)) + ">: Mailbox full, try again later";
                tl.append(", dsn=4.2.2, reply=452 4.2.2 ").append(r).append(", stat=Deferred: 452 4.2.2 ").append(r);
                truth = T_DEFERRED;
                break;
            }
            case O_DEFER_LOCAL:
                tl.append(", dsn=4.0.0, stat=Deferred: local mailer (/usr/bin/procmail) exited with EX_TEMPFAIL");
                truth = T_DEFERRED;
                break;
            case O_USER_UNKNOWN: {
                String r = "550 5.1.1 <" + bare(g.rcpts.get(0)) + ">: Recipient address rejected: User unknown";
                tl.append(", dsn=5.1.1, reply=").append(r).append(", stat=User unknown");
                statText = "User unknown";
                truth = T_BOUNCED;
                break;
            }
            case O_HOST_UNKNOWN:
                statText = "Host unknown (Name server: " + g.unknownDomain + ": host not found)";
                tl.append(", dsn=5.1.2, stat=").append(statText);
                truth = T_BOUNCED;
                break;
            case O_LOCAL_FAIL:
                statText = "Service unavailable";
                tl.append(", dsn=5.0.0, stat=Service unavailable");
                truth = T_BOUNCED;
                break;
            default: // O_CONTENT_REJECT
                tl.append(", dsn=5.7.1, reply=554 5.7.1 Message rejected due to content restrictions")
                        .append(", stat=Service unavailable");
                statText = "Service unavailable";
                truth = T_BOUNCED;
                break;
        }
        deliveryLines(g, lt, pid, tag, truth);
        if (truth == T_DEFERRED) {
            long wait = (long) (h.queueMinutes * 60_000L * (1L << Math.min(g.attempts - 1, 4))
                    * (0.7 + 0.6 * rng.nextDouble()));
            schedule(lt + wait, now -> attempt(g, now, h.newPid(rng), h.tag));
        } else if (truth == T_BOUNCED) {
            bounce(m, g, lt, pid, tag, statText);
        }
        return lt;
    }

    private static final int O_SENT = 0;
    private static final int O_DEFER_REFUSED = 1;
    private static final int O_DEFER_TIMEOUT = 2;
    private static final int O_DEFER_GREY = 3;
    private static final int O_DEFER_421 = 4;
    private static final int O_DEFER_FULL = 5;
    private static final int O_DEFER_LOCAL = 6;
    private static final int O_USER_UNKNOWN = 7;
    private static final int O_HOST_UNKNOWN = 8;
    private static final int O_LOCAL_FAIL = 9;
    private static final int O_CONTENT_REJECT = 10;

    private int decide(Group g) {
        switch (g.fate) {
            case FATE_SENT:
                return O_SENT;
            case FATE_USER_UNKNOWN:
                return O_USER_UNKNOWN;
            case FATE_HOST_UNKNOWN:
                return O_HOST_UNKNOWN;
            default:
                break;
        }
        boolean retry = g.attempts > 1;
        boolean last = g.attempts >= MAX_ATTEMPTS;
        switch (g.mailer) {
            case M_LOCAL:
                if (retry) {
                    return last || rng.chance(0.8) ? O_SENT : O_DEFER_LOCAL;
                }
                double r = rng.nextDouble();
                return r < 0.004 ? O_DEFER_LOCAL : r < 0.006 && !g.m.noBounce ? O_LOCAL_FAIL : O_SENT;
            case M_ESMTP: {
                Domain d = g.domain;
                if (d.greylisting && g.attempts == 1) {
                    return O_DEFER_GREY;
                }
                if (last) {
                    return rng.chance(0.6) || g.m.noBounce ? O_SENT : O_CONTENT_REJECT;
                }
                double p = rng.nextDouble();
                if (!retry && p < 0.003 && !g.m.noBounce) {
                    return O_CONTENT_REJECT;
                }
                double pDefer = retry ? 0.3 : d.flakiness;
                if (rng.nextDouble() < pDefer) {
                    switch (rng.nextInt(4)) {
                        case 0:
                            return O_DEFER_REFUSED;
                        case 1:
                            return O_DEFER_TIMEOUT;
                        case 2:
                            return O_DEFER_421;
                        default:
                            return O_DEFER_FULL;
                    }
                }
                return O_SENT;
            }
            case M_STORE:
            case M_LISTS:
                return !retry && rng.chance(0.003) ? O_DEFER_REFUSED : O_SENT;
            default:
                return O_SENT;
        }
    }

    private static String relayHostName(Group g, Remote mx) {
        switch (g.mailer) {
            case M_STORE:
                return Pools.MAILSTORE;
            case M_LISTS:
                return Pools.LISTS_HOST;
            default:
                return mx.name;
        }
    }

    private static String mailerName(int mailer) {
        switch (mailer) {
            case M_LOCAL:
                return "local";
            case M_ESMTP:
                return "esmtp";
            default:
                return "relay";
        }
    }

    /** {@code <a@b>} to {@code a@b}. */
    private static String bare(String rcpt) {
        return rcpt.charAt(0) == '<' ? rcpt.substring(1, rcpt.length() - 1) : rcpt;
    }

    private void appendSentText(StringBuilder tl, Group g, Remote mx) {
        switch (g.mailer) {
            case M_LOCAL:
                return;
            case M_LOOPBACK:
                tl.append(" (").append(g.acceptedAs).append(" Message accepted for delivery)");
                return;
            case M_STORE:
                tl.append(" (");
                appendFakeQid(tl);
                tl.append(" Message accepted for delivery)");
                return;
            case M_LISTS:
                tl.append(" (Ok: queued as ");
                appendAlnum(tl, 12);
                tl.append(')');
                return;
            default:
                break;
        }
        Software s = mx.software;
        switch (s) {
            case POSTFIX:
                tl.append(" (Ok: queued as 4");
                appendAlnum(tl, 11);
                tl.append(')');
                break;
            case SENDMAIL:
                tl.append(" (");
                appendFakeQid(tl);
                tl.append(" Message accepted for delivery)");
                break;
            case EXIM:
                tl.append(" (OK id=1t");
                appendAlnum(tl, 4);
                tl.append("-000");
                appendAlnum(tl, 3);
                tl.append('-');
                appendAlnum(tl, 2);
                tl.append(')');
                break;
            case EXCHANGE:
                tl.append(" (<");
                appendAlnum(tl, 20);
                tl.append('@').append(g.domain.name).append("> [InternalId=").append(1_000_000_000L + rng.nextInt(900_000_000))
                        .append(", Hostname=DM6PR11MB").append(1000 + rng.nextInt(9000)).append(".prod.")
                        .append(g.domain.name).append("] Queued mail for delivery)");
                break;
            default:
                tl.append(" (OK ").append(lastSecond() + rng.nextInt(100)).append(' ');
                appendAlnum(tl, 12);
                tl.append('.').append(rng.nextInt(100)).append(" - gsmtp)");
                break;
        }
    }

    private long lastSecond() {
        return (lastMillis == Long.MIN_VALUE ? startMillis : lastMillis) / 1000;
    }

    /**
     * The delivery line of a group, split into {@code [more]} lines when the recipient list does
     * not fit in Sendmail's buffer (each part carries the full status).
     */
    private void deliveryLines(Group g, long t, int pid, String tag, byte truth) {
        Host h = g.m.h;
        int sev = truth == T_SENT ? INFO : NOTICE;
        int room = SYSLOG_BUFSIZE - 100 - tail.length();
        int total = 0;
        for (String r : g.rcpts) {
            total += r.length() + 1;
        }
        if (total - 1 <= room || g.rcpts.size() == 1) {
            body(g.m.qid).append("to=");
            for (int i = 0; i < g.rcpts.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(g.rcpts.get(i));
            }
            b.append(tail);
            Pending p = emit(t, h, tag, pid, EventType.DELIVERY, sev, null);
            p.truth = truth;
            p.n = g.rcpts.size();
            if (g.payloadRcpt) {
                p.payloadMask |= P_TO;
            }
            return;
        }
        int i = 0;
        while (i < g.rcpts.size()) {
            body(g.m.qid).append("to=");
            int start = b.length();
            int count = 0;
            while (i < g.rcpts.size()) {
                String r = g.rcpts.get(i);
                int len = b.length() - start;
                boolean lastOne = i == g.rcpts.size() - 1;
                if (count > 0 && len + r.length() + (lastOne ? 0 : 1) + 7 > room) {
                    break;
                }
                b.append(r);
                i++;
                count++;
                if (i < g.rcpts.size()) {
                    b.append(',');
                }
            }
            if (i < g.rcpts.size()) {
                b.append(" [more]");
            }
            b.append(tail);
            Pending p = emit(t, h, tag, pid, EventType.DELIVERY, sev, null);
            p.truth = truth;
            p.n = count;
        }
    }

    /** After a 5.x.x delivery: the DSN line, the bounce's receipt and its delivery to the sender. */
    private void bounce(Msg m, Group g, long t, int pid, String tag, String reason) {
        Host h = m.h;
        String nq = qid(h, t, pid);
        body(m.qid).append(nq).append(": DSN: ").append(reason);
        Pending d = emit(t, h, tag, pid, EventType.OTHER, INFO, null);
        d.truth = T_DSN;
        Msg bm = new Msg(h, nq);
        bm.from = "<>";
        bm.noBounce = true;
        List<Group> groups = new ArrayList<>(4);
        String to = "<" + m.senderAddress + ">";
        if (m.senderUser != null || m.senderDomain == null) {
            addLocal(groups, bm, h, to, null);
        } else {
            Group bg = new Group(bm, M_ESMTP, m.senderDomain, null);
            bg.add(to, m.senderPayload);
            groups.add(bg);
        }
        for (Group bg : groups) {
            bg.fate = FATE_SENT;
        }
        long bt = t + rng.between(1, 40);
        bm.start(bt, 2200 + Math.min(m.size, 60_000) + rng.nextInt(800), groups, 0);
        receipt(bm, sendmailMsgid(h, bt, nq), null, null, null, null, pid, bt);
        long dt = bt + rng.between(100, 1500);
        for (Group bg : bm.groups) {
            dt = attempt(bg, dt, pid, tag) + rng.between(5, 100);
        }
    }

    // ==== injected attacks ==========================================================================

    private void scheduleAttack(AttackKind kind, long at) {
        schedule(at, now -> {
            attackMode = true;
            try {
                runAttack(kind, now);
            } finally {
                attackMode = false;
            }
            scheduleAttack(kind, now + options.attackIntervalSeconds() * 1000L);
        });
    }

    private Client nextAttacker() {
        attackerCursor = (attackerCursor + 1 + rng.nextInt(3)) % pools.attackers.length;
        return pools.attackers[attackerCursor];
    }

    private void runAttack(AttackKind kind, long t) {
        Client c = nextAttacker();
        Host h = kind == AttackKind.AUTH_GUESSING ? pickSubmission() : pickInbound();
        switch (kind) {
            case PREGREET: {
                GeneratorStats.Attack a = new GeneratorStats.Attack(kind, h.name, c.ip, null);
                int n = rng.between(20, 40);
                for (int i = 0; i < n; i++) {
                    int pid = h.newPid(rng);
                    String qid = qid(h, t, pid);
                    if (h.verbose) {
                        body("NOQUEUE").append("connect from ").append(c.relay);
                        emit(t, h, pid, EventType.CONNECTION, INFO, c);
                    }
                    pregreet(h, pid, qid, c, t + rng.between(5, 200), 0, a);
                    t += rng.between(2000, 8000);
                }
                break;
            }
            case VRFY_EXPN: {
                GeneratorStats.Attack a = new GeneratorStats.Attack(kind, h.name, c.ip, null);
                int sessions = rng.between(3, 4);
                for (int s = 0; s < sessions; s++) {
                    int pid = h.newPid(rng);
                    String qid = qid(h, t, pid);
                    int n = rng.between(7, 15);
                    for (int i = 0; i < n; i++) {
                        t += rng.between(300, 1500);
                        vrfy(h, pid, qid, c, t, Pools.VRFY_NAMES[(s * 7 + i) % Pools.VRFY_NAMES.length], a);
                    }
                    t += rng.between(3000, 20_000);
                }
                break;
            }
            case DID_NOT_ISSUE: {
                GeneratorStats.Attack a = new GeneratorStats.Attack(kind, h.name, c.ip, null);
                int n = rng.between(30, 60);
                for (int i = 0; i < n; i++) {
                    int pid = h.newPid(rng);
                    String qid = qid(h, t, pid);
                    if (h.verbose) {
                        body("NOQUEUE").append("connect from ").append(c.relay);
                        emit(t, h, pid, EventType.CONNECTION, INFO, c);
                    }
                    didNotIssue(h, pid, qid, c, t + rng.between(100, 900), h.mtaDaemon(c), a);
                    t += rng.between(1000, 5000);
                }
                break;
            }
            case AUTH_GUESSING:
                authGuessing(h, c, t);
                break;
            case RELAY_DENIED: {
                GeneratorStats.Attack a = new GeneratorStats.Attack(kind, h.name, c.ip, null);
                int sessions = rng.between(2, 3);
                for (int s = 0; s < sessions; s++) {
                    int pid = h.newPid(rng);
                    String qid = qid(h, t, pid);
                    t += rng.between(200, 2000);
                    int n = rng.between(10, 20);
                    for (int i = 0; i < n; i++) {
                        Domain d = pickDomain();
                        Pending p = relayDenied(h, pid, qid, c, t, rng.pick(pools.externalLocals) + "@" + d.name);
                        p.attack = a;
                        t += rng.between(300, 1500);
                    }
                    receiptRejected(h, pid, qid, "<" + rng.pick(pools.externalLocals) + "@" + pickDomain().name + ">",
                            "SMTP", h.mtaDaemon(c), c, t);
                    t += rng.between(2000, 15_000);
                }
                break;
            }
            default: { // USER_UNKNOWN
                GeneratorStats.Attack a = new GeneratorStats.Attack(kind, h.name, c.ip, null);
                int sessions = rng.between(3, 5);
                int g = rng.nextInt(Pools.GUESSES.length);
                String sender = "<" + rng.pick(pools.externalLocals) + "@" + pickDomain().name + ">";
                for (int s = 0; s < sessions; s++) {
                    int pid = h.newPid(rng);
                    String qid = qid(h, t, pid);
                    t += rng.between(200, 2000);
                    int n = rng.between(10, 25);
                    for (int i = 0; i < n; i++) {
                        String addr = Pools.GUESSES[g++ % Pools.GUESSES.length] + (g > Pools.GUESSES.length
                                ? Integer.toString(g / Pools.GUESSES.length) : "") + "@" + Pools.OUR_DOMAIN;
                        Pending p = userUnknownRuleset(h, pid, qid, c, t, addr);
                        p.attack = a;
                        t += rng.between(200, 1200);
                    }
                    receiptRejected(h, pid, qid, sender, "ESMTP", h.mtaDaemon(c), c, t);
                    t += rng.between(1000, 10_000);
                }
                break;
            }
        }
    }

    /** Password guessing against one account, then a successful login and a spam run. */
    private void authGuessing(Host h, Client c, long t) {
        User victim = rng.pick(pools.users);
        GeneratorStats.Attack a = new GeneratorStats.Attack(AttackKind.AUTH_GUESSING, h.name, c.ip, victim.authid);
        int failures = rng.between(20, 40);
        while (failures > 0) {
            int pid = h.newPid(rng);
            String qid = qid(h, t, pid);
            starttlsServer(h, pid, c, t, "NO");
            int n = Math.min(failures, rng.between(3, 5));
            for (int i = 0; i < n; i++) {
                t += rng.between(800, 3000);
                authFailure(h, pid, qid, c, t, AUTH_FAILURES[0], victim.authid, false, a);
            }
            failures -= n;
            if (n == 5) {
                body(qid).append(c.relay).append(": possible SMTP attack: command=AUTH, count=5");
                emit(t, h, pid, EventType.OTHER, NOTICE, c);
            }
            t += rng.between(5000, 40_000);
        }
        // the password was right this time
        int pid = h.newPid(rng);
        String qid = qid(h, t, pid);
        starttlsServer(h, pid, c, t, "NO");
        t += rng.between(500, 2000);
        authSuccess(h, pid, c, t, victim.authid, "LOGIN", a);
        Msg msg = new Msg(h, qid);
        msg.sender(victim.address, null, victim, false);
        List<Group> groups = new ArrayList<>(4);
        int n = rng.between(20, 40);
        for (int i = 0; i < n; i++) {
            Domain d = pickDomain();
            addToGroup(groups, msg, M_ESMTP, d, "<" + rng.pick(pools.externalLocals) + "@" + d.name + ">", null);
        }
        t += rng.between(2000, 8000);
        msg.start(t, 3000 + rng.nextInt(20_000), groups, 0);
        receipt(msg, muaMsgid(c, t), null, "ESMTPSA", h.msaDaemon(), c, pid, t);
        deliverAll(msg, t + rng.between(5, 300));
    }

    // ==== noise =====================================================================================

    private void noise(StringBuilder out, long t) {
        Host h = hosts[rng.nextInt(hosts.length)];
        switch (rng.nextInt(6)) {
            case 0: {
                // a line cut off inside the tag
                appendRfc3164Date(out, t);
                out.append(' ').append(h.name).append(' ').append(h.tag, 0, 1 + rng.nextInt(h.tag.length() - 1));
                break;
            }
            case 1:
                appendRfc3164Date(out, t);
                out.append(' ').append(h.name).append(" CRON[").append(h.newPid(rng))
                        .append("]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)");
                break;
            case 2:
                appendRfc3164Date(out, t);
                out.append(' ').append(h.name).append(" kernel: [").append(100_000 + rng.nextInt(900_000)).append('.')
                        .append(100_000 + rng.nextInt(900_000))
                        .append("] IPv4: martian source 192.0.2.255 from 192.0.2.1, on dev eth0");
                break;
            case 3: {
                out.append('~');
                int n = 20 + rng.nextInt(60);
                for (int i = 0; i < n; i++) {
                    out.append((char) (33 + rng.nextInt(94)));
                }
                break;
            }
            case 4:
                out.append("{\"@timestamp\":\"");
                appendIso(out, t);
                out.append("\",\"message\":\"");
                appendRfc3164Date(out, t);
                out.append(' ').append(h.name).append(' ').append(h.tag).append('[').append(h.pid).append("]: ");
                break;
            default:
                appendRfc3164Date(out, t);
                out.append(' ').append(h.name).append(" postfix/smtpd[").append(h.newPid(rng))
                        .append("]: connect from unknown[203.0.113.").append(1 + rng.nextInt(190)).append(']');
                break;
        }
        lastHost = h;
        lastMillis = t;
        lastType = EventType.UNPARSED;
        stats.line(EventType.UNPARSED, -1, t);
    }

    // ==== headers ===================================================================================

    private void appendRfc3164Header(StringBuilder out, long t, Host h, String tag, int pid) {
        appendRfc3164Date(out, t);
        out.append(' ').append(h.name).append(' ').append(tag).append('[').append(pid).append("]: ");
    }

    private void appendRfc5424Header(StringBuilder out, Pending p) {
        out.append('<').append(16 + p.sev).append(">1 ");
        appendIso(out, p.t);
        out.append(' ').append(p.host.name).append(' ').append(p.tag).append(' ').append(p.pid).append(" - ")
                .append(p.host.structuredData).append(' ');
    }

    /** A Filebeat event (fields_under_root, as the Illuminate pack configures it) around the RFC 3164 line. */
    private void appendFilebeat(StringBuilder out, Pending p) {
        Host h = p.host;
        out.append("{\"@timestamp\":\"");
        appendIso(out, p.t);
        out.append("\",\"message\":\"");
        int ms = out.length();
        appendRfc3164Date(out, p.t);
        out.append(' ').append(h.name).append(' ').append(p.tag).append('[').append(p.pid).append("]: ");
        String body = p.body;
        for (int i = 0, n = body.length(); i < n; i++) {
            char c = body.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        int messageLength = out.length() - ms;
        out.append("\",\"log\":{\"file\":{\"path\":\"").append(h.logPath).append("\"},\"offset\":").append(h.logOffset)
                .append("},\"input\":{\"type\":\"filestream\"},\"host\":{\"name\":\"").append(h.name)
                .append("\"},\"agent\":{\"type\":\"filebeat\",\"version\":\"8.17.0\"},\"ecs\":{\"version\":\"8.0.0\"}")
                .append(",\"event_source_product\":\"sendmail\"}");
        h.logOffset += messageLength + 1;
    }

    private void appendRfc3164Date(StringBuilder out, long t) {
        headerCache(t);
        out.append(hdr3164);
    }

    /** {@code 2026-11-24T20:56:10.123Z}. */
    private void appendIso(StringBuilder out, long t) {
        headerCache(t);
        out.append(hdrIso).append('.');
        int ms = (int) Math.floorMod(t, 1000L);
        out.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10)).append('Z');
    }

    private void headerCache(long t) {
        long sec = Math.floorDiv(t, 1000L);
        if (sec == hdrSecond) {
            return;
        }
        calendar(sec);
        hdrSecond = sec;
        StringBuilder s = new StringBuilder(20);
        s.append(MONTHS[calMonth - 1]).append(' ');
        if (calDay < 10) {
            s.append(' ');
        }
        s.append(calDay).append(' ');
        two(s, calHour).append(':');
        two(s, calMinute).append(':');
        two(s, calSec);
        hdr3164 = s.toString();
        hdr3164Bytes = (hdr3164 + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        s.setLength(0);
        s.append(calYear).append('-');
        two(s, calMonth).append('-');
        two(s, calDay).append('T');
        two(s, calHour).append(':');
        two(s, calMinute).append(':');
        two(s, calSec);
        hdrIso = s.toString();
    }

    private void calendar(long sec) {
        if (sec == calSecond) {
            return;
        }
        calSecond = sec;
        long day = Math.floorDiv(sec, 86400L);
        if (day != calEpochDay) {
            java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
            calEpochDay = day;
            calYear = d.getYear();
            calMonth = d.getMonthValue();
            calDay = d.getDayOfMonth();
        }
        int s = (int) (sec - day * 86400L);
        calHour = s / 3600;
        calMinute = s / 60 % 60;
        calSec = s % 60;
    }

    private long calEpochDay = Long.MIN_VALUE;

    private static StringBuilder two(StringBuilder s, int v) {
        return s.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** {@code [D+]HH:MM:SS} (Sendmail's pintvl). */
    static void appendInterval(StringBuilder s, long millis) {
        long secs = Math.max(0, millis) / 1000;
        long days = secs / 86400;
        secs -= days * 86400;
        if (days > 0) {
            s.append(days).append('+');
        }
        two(s, (int) (secs / 3600)).append(':');
        two(s, (int) (secs / 60 % 60)).append(':');
        two(s, (int) (secs % 60));
    }

    // ==== identifiers ===============================================================================

    /**
     * A queue ID as Sendmail makes it: year%60, month, day, hour, minute, second and a two-character
     * sequence in base 60, then the pid (at least 6 digits).
     */
    private String qid(Host h, long t, int pid) {
        calendar(Math.floorDiv(t, 1000L));
        StringBuilder s = new StringBuilder(16);
        s.append(QID_CHARS.charAt((calYear - 1900) % 60)).append(QID_CHARS.charAt(calMonth - 1))
                .append(QID_CHARS.charAt(calDay)).append(QID_CHARS.charAt(calHour)).append(QID_CHARS.charAt(calMinute))
                .append(QID_CHARS.charAt(calSec));
        int q = h.qseq;
        h.qseq = (q + 1) % 3600;
        s.append(QID_CHARS.charAt(q / 60)).append(QID_CHARS.charAt(q % 60));
        if (pid < 100_000) {
            s.append('0');
            if (pid < 10_000) {
                s.append('0');
                if (pid < 1000) {
                    s.append('0');
                }
            }
        }
        return s.append(pid).toString();
    }

    private void appendFakeQid(StringBuilder s) {
        for (int i = 0; i < 8; i++) {
            s.append(QID_CHARS.charAt(rng.nextInt(60)));
        }
        s.append(100_000 + rng.nextInt(900_000));
    }

    private void appendAlnum(StringBuilder s, int n) {
        for (int i = 0; i < n; i++) {
            s.append(ALNUM.charAt(rng.nextInt(62)));
        }
    }

    private void appendHex(StringBuilder s, int n) {
        long bits = rng.nextLong();
        for (int i = 0; i < n; i++) {
            if (i % 16 == 15) {
                bits = rng.nextLong();
            }
            s.append(HEX.charAt((int) (bits & 15)));
            bits >>>= 4;
        }
    }

    /** {@code <YYYYMMDDhhmm.QID@host>}: what Sendmail writes when it makes the Message-Id. */
    private String sendmailMsgid(Host h, long t, String qid) {
        calendar(Math.floorDiv(t, 1000L));
        StringBuilder s = new StringBuilder(64);
        s.append('<').append(calYear);
        two(s, calMonth);
        two(s, calDay);
        two(s, calHour);
        two(s, calMinute);
        return s.append('.').append(qid).append('@').append(h.fqdn).append('>').toString();
    }

    /** A mail client's Message-Id (Thunderbird, Outlook or Apple style). */
    private String muaMsgid(Client c, long t) {
        StringBuilder s = new StringBuilder(80).append('<');
        switch (rng.nextInt(3)) {
            case 0:
                appendHex(s, 8);
                s.append('-');
                appendHex(s, 4);
                s.append('-');
                appendHex(s, 4);
                s.append('-');
                appendHex(s, 4);
                s.append('-');
                appendHex(s, 12);
                s.append('@').append(Pools.OUR_DOMAIN);
                break;
            case 1:
                s.append("AM0PR0").append(rng.nextInt(10)).append("MB");
                appendAlnum(s, 4);
                s.append(rng.nextInt(10_000)).append('@').append(c.host != null ? c.host : Pools.OUR_DOMAIN);
                break;
            default:
                s.append(Math.floorDiv(t, 1000L)).append('.');
                appendHex(s, 10);
                s.append('@').append(Pools.OUR_DOMAIN);
                break;
        }
        return s.append('>').toString();
    }

    private String externalMsgid(Domain d) {
        StringBuilder s = new StringBuilder(80).append('<');
        switch (d.software) {
            case GSMTP:
                s.append("CA");
                appendAlnum(s, 38);
                s.append("@mail.").append(d.name);
                break;
            case EXCHANGE:
                appendAlnum(s, 24);
                s.append("@DM6PR11MB").append(1000 + rng.nextInt(9000)).append(".prod.").append(d.name);
                break;
            default:
                appendHex(s, 32);
                s.append('@').append(d.name);
                break;
        }
        return s.append('>').toString();
    }

    // ==== distributions =============================================================================

    private Domain pickDomain() {
        return pools.domains[rng.weighted(pools.domainWeights)];
    }

    private int recipientCount() {
        int r = rng.nextInt(100);
        if (r < 72) {
            return 1;
        }
        if (r < 94) {
            return rng.between(2, 3);
        }
        return rng.between(4, 10);
    }

    private long size() {
        return sizeTable[rng.nextInt(sizeTable.length)] + rng.nextInt(256);
    }

    /** Message sizes: log-normal around 9 KB, a few MB at most. */
    private static long[] sizeTable(Rng r) {
        long[] t = new long[4096];
        for (int i = 0; i < t.length; i++) {
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            long v = Math.round(Math.exp(Math.log(9000) + 1.3 * z));
            t[i] = Math.max(350, Math.min(v, 15_000_000));
        }
        return t;
    }
}
