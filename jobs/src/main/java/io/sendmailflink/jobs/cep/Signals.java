package io.sendmailflink.jobs.cep;

import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** What the alert rules count, from lines and from finished traces. */
public final class Signals {

    private Signals() {
    }

    /** Lines to the signals of the burst rules (all kinds but outbound_burst and auth_guessed_success). */
    public static final class FromLines implements FlatMapFunction<CepEvent, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(CepEvent e, Collector<Signal> out) {
            if (e.host == null || CepEvent.PARENT_HINT.equals(e.eventType)) {
                return;
            }
            String ip = e.clientIp;
            switch (e.eventType) {
                case "pregreet":
                    emit(out, AlertKind.PREGREET_SCAN, e, ip);
                    break;
                case "rejected_discovery":
                    emit(out, AlertKind.DISCOVERY_SCAN, e, ip);
                    break;
                case "invalid_connection":
                    emit(out, AlertKind.INVALID_CONNECTION_SCAN, e, ip);
                    break;
                case "ruleset_rejection": {
                    String text = lower(e.responseMessage) + " " + lower(e.reject);
                    if (text.contains("relaying denied")) {
                        emit(out, AlertKind.RELAY_PROBING, e, ip);
                    } else if (text.contains("user unknown")) {
                        emit(out, AlertKind.DICTIONARY_ATTACK, e, ip);
                    }
                    break;
                }
                case "authentication":
                    if ("failure".equals(e.outcome)) {
                        emit(out, AlertKind.AUTH_PASSWORD_GUESSING, e, ip);
                    }
                    break;
                case "delivery":
                    blocklist(e, out);
                    break;
                case "other":
                    // Sendmail's own "<x>... User unknown" (no ruleset): a recipient guessed wrong
                    if ("usrerr".equals(e.subtype) && lower(e.message).contains("user unknown")) {
                        emit(out, AlertKind.DICTIONARY_ATTACK, e, ip);
                    }
                    break;
                default:
                    break;
            }
        }

        private static void blocklist(CepEvent e, Collector<Signal> out) {
            if (!Trace.isSmtpMailer(e.mailer) || e.to == null || e.to.length == 0) {
                return;
            }
            String domain = domain(e.to[0]);
            if (domain == null) {
                return;
            }
            String status = TraceFunction.normalize(e);
            String text = lower(e.reply) + " " + lower(e.statusFull);
            Signal s = Signal.of(AlertKind.DESTINATION_BLOCKLISTED, e, domain);
            // greylisting defers every first attempt and is no sign of a blocklist
            s.bad = !Trace.SENT.equals(status) && !text.contains("greylist");
            if (!s.bad) {
                // only counted signals become sample lines: most deliveries succeed, leave theirs out
                s.line = null;
            }
            out.collect(s);
        }
    }

    /** AUTH failures and successes per (host, authid), for the auth_guessed_success pattern. */
    public static final class AuthAttempts implements FlatMapFunction<CepEvent, Signal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(CepEvent e, Collector<Signal> out) {
            if (e.host == null || !"authentication".equals(e.eventType) || e.authid == null) {
                return;
            }
            boolean failure = "failure".equals(e.outcome);
            if (!failure && !"server".equals(e.authRole)) {
                return;
            }
            Signal s = Signal.of(AlertKind.AUTH_GUESSED_SUCCESS, e, e.authid.toLowerCase(Locale.ROOT));
            s.success = !failure;
            s.clientIp = e.clientIp;
            out.collect(s);
        }
    }

    /**
     * The outbound_burst signal of a trace's SMTP recipients not counted yet, once its sender is
     * known to have authenticated (weight = those recipients, with their domains); null if none.
     * Marks them counted.
     */
    public static Signal outbound(Trace t, long time) {
        if (t.authid == null || t.receiptTime == null) {
            return null;
        }
        Set<String> domains = new java.util.TreeSet<>();
        int n = 0;
        for (Trace.Recipient r : t.recipients) {
            if (!r.signalled && Trace.isSmtpMailer(r.mailer)) {
                r.signalled = true;
                n++;
                String d = domain(r.address);
                if (d != null) {
                    domains.add(d);
                }
            }
        }
        if (n == 0) {
            return null;
        }
        Signal s = new Signal();
        s.kind = AlertKind.OUTBOUND_BURST.name();
        s.host = t.host;
        s.key = t.sender != null && !t.sender.isEmpty() ? t.sender : t.authid;
        s.time = time;
        s.weight = n;
        s.domains = domains.toArray(new String[0]);
        s.line = t.receiptLine;
        return s;
    }

    static String domain(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at < 0 || at == address.length() - 1 ? null : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static void emit(Collector<Signal> out, AlertKind kind, CepEvent e, String key) {
        if (key != null) {
            out.collect(Signal.of(kind, e, key));
        }
    }
}
