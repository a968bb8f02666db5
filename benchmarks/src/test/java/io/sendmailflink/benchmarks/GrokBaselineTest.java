package io.sendmailflink.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The grok baseline really does the work: every mix line matches a typed pattern, and one line of
 * each event type (all taken from mix.log) yields the key fields. No timing here.
 */
class GrokBaselineTest {

    private static final GrokBaseline GROK = new GrokBaseline();

    private static Map<String, Object> parse(String line) {
        return GROK.parse(line);
    }

    @Test
    void everyMixLineMatchesAHeaderAndATypedMessagePattern() {
        for (String line : Mix.lines()) {
            Map<String, Object> m = parse(line);
            assertThat(m).as(line).doesNotContainKey("tags");
            assertThat(m.get("event_type")).as(line).isNotEqualTo("unparsed");
            assertThat(m).as(line).containsKeys("timestamp", "source", "application_name", "process_id", "message");
        }
    }

    @Test
    void mixSharesAreTheDocumentedOnes() {
        String[] lines = Mix.lines();
        assertThat(lines).hasSize(ParserBenchmark.LINES);
        Map<String, Integer> counts = new TreeMap<>();
        int rfc5424 = 0;
        for (String line : lines) {
            counts.merge((String) parse(line).get("event_type"), 1, Integer::sum);
            if (line.startsWith("<")) {
                rfc5424++;
            }
        }
        // BENCHMARKS.md documents these shares; change both together
        assertThat(counts).containsOnly(
                entry("receipt", 120), entry("delivery", 152), entry("starttls", 34), entry("authentication", 12),
                entry("ruleset_rejection", 28), entry("connection", 12), entry("invalid_connection", 14),
                entry("pregreet", 5), entry("rejected_discovery", 5), entry("service_status", 3), entry("other", 15));
        assertThat(rfc5424).isEqualTo(38);
    }

    @Test
    void receipt() {
        Map<String, Object> m = parse("Nov 24 20:56:37 mailhost sm-mta[54352]: sAO9sHY4054352: from=<peggy@uni.example.edu>, "
                + "size=83914, class=0, nrcpts=1, msgid=<20261124511743.ebD0hDvSmC@partner.example.net>, proto=ESMTPS, "
                + "daemon=MTA, relay=host-203-0-113-9.broadband.example.net [192.0.2.179] (may be forged)");
        assertThat(m).contains(
                entry("event_type", "receipt"), entry("timestamp", "Nov 24 20:56:37"), entry("source", "mailhost"),
                entry("application_name", "sm-mta"), entry("process_id", "54352"),
                entry("email_uid", "sAO9sHY4054352"), entry("email_from", "peggy@uni.example.edu"),
                entry("email_size", 83914), entry("vendor_class", 0), entry("vendor_nrcpts", 1),
                entry("email_message_id", "20261124511743.ebD0hDvSmC@partner.example.net"),
                entry("network_protocol", "ESMTPS"), entry("vendor_daemon", "MTA"),
                entry("source_hostname", "host-203-0-113-9.broadband.example.net"), entry("source_ip", "192.0.2.179"),
                entry("vendor_relay_warning", "may be forged"));
    }

    @Test
    void receiptRfc5424AndLocalSubmission() {
        Map<String, Object> m = parse("<22>1 2026-11-24T20:56:10.565Z mailhost sm-mta 6634 - - sAOIQ6Vu006634: "
                + "from=<sales@agency.example.gov>, size=13821, class=0, nrcpts=1, msgid=<20261124805254.SYIAL1vroD@news.example.org>, "
                + "proto=SMTP, daemon=MTA, relay=mx.uni.example.edu [203.0.113.96]");
        assertThat(m).contains(entry("event_type", "receipt"), entry("timestamp", "2026-11-24T20:56:10.565Z"),
                entry("syslog_pri", "22"), entry("application_name", "sm-mta"), entry("process_id", "6634"),
                entry("email_uid", "sAOIQ6Vu006634"), entry("email_from", "sales@agency.example.gov"),
                entry("source_hostname", "mx.uni.example.edu"), entry("source_ip", "203.0.113.96"));

        m = parse("Nov 24 20:57:09 mailhost sm-mta[92774]: sAO6i2HT092774: from=root, size=2528, class=0, nrcpts=1, "
                + "msgid=<20261124861437.UQG1jZEZoA@mailhost.corp.example.com>, relay=root@localhost");
        assertThat(m).contains(entry("event_type", "receipt"), entry("email_from", "root"), entry("email_size", 2528),
                entry("vendor_relay_user", "root"), entry("source_hostname", "localhost"))
                .doesNotContainKeys("network_protocol", "vendor_daemon", "source_ip");
    }

    @Test
    void delivery() {
        Map<String, Object> m = parse("Nov 24 20:56:10 mailhost sm-mta[14304]: sAOKMPQJ014304: to=<noreply@cloud.example.net>, "
                + "delay=00:00:14, xdelay=00:00:04, mailer=esmtp, pri=168067, relay=mail.partner.example.net. "
                + "[IPv6:2001:db8:e42a::12f7], dsn=2.0.0, stat=Sent (ok 1292188865 qp 19527)");
        assertThat(m).contains(
                entry("event_type", "delivery"), entry("email_uid", "sAOKMPQJ014304"),
                entry("email_to", "noreply@cloud.example.net"), entry("vendor_delay", "00:00:14"),
                entry("vendor_xdelay", "00:00:04"), entry("vendor_mailer", "esmtp"), entry("vendor_pri", 168067),
                entry("destination_hostname", "mail.partner.example.net."), entry("destination_ip", "2001:db8:e42a::12f7"),
                entry("vendor_dsn", "2.0.0"), entry("vendor_status", "Sent"),
                entry("vendor_status_text", "ok 1292188865 qp 19527"),
                entry("vendor_status_full", "Sent (ok 1292188865 qp 19527)"));
    }

    @Test
    void localDeliveryWithCtladdr() {
        Map<String, Object> m = parse("Nov 24 20:56:12 mailhost sm-mta[6634]: sAOIQ6Vu006634: to=<oscar@example.com>, "
                + "ctladdr=<alice@corp.example.com> (1006/117), delay=00:00:15, xdelay=00:00:00, mailer=local, "
                + "pri=1845101, dsn=2.0.0, stat=Sent");
        assertThat(m).contains(entry("event_type", "delivery"), entry("email_to", "oscar@example.com"),
                entry("vendor_ctladdr", "alice@corp.example.com"), entry("vendor_ctladdr_uid", 1006),
                entry("vendor_ctladdr_gid", 117), entry("vendor_mailer", "local"), entry("vendor_status", "Sent"))
                .doesNotContainKeys("destination_hostname", "vendor_status_text");
    }

    @Test
    void deferredDelivery() {
        Map<String, Object> m = parse("Nov 24 20:56:10 mailhost sm-mta[6634]: sAOIQ6Vu006634: to=<newsletter@news.example.org>, "
                + "delay=05:11:05, xdelay=00:00:19, mailer=esmtp, pri=1923092, relay=mx01.bank.example.org., dsn=4.0.0, "
                + "stat=Deferred: Connection refused by mx01.bank.example.org.");
        assertThat(m).contains(entry("event_type", "delivery"), entry("vendor_delay", "05:11:05"),
                entry("destination_hostname", "mx01.bank.example.org."), entry("vendor_dsn", "4.0.0"),
                entry("vendor_status", "Deferred"),
                entry("vendor_status_text", "Connection refused by mx01.bank.example.org."));
    }

    @Test
    void rulesetRejection() {
        Map<String, Object> m = parse("Nov 24 20:57:14 mailhost sm-mta[31586]: sAOJtAj0031586: ruleset=check_rcpt, "
                + "arg1=<support@agency.example.gov>, relay=203-0-113-45.dyn.isp.example.net [198.51.100.118], "
                + "reject=550 5.7.1 <support@agency.example.gov>... Relaying denied");
        assertThat(m).contains(
                entry("event_type", "ruleset_rejection"), entry("email_uid", "sAOJtAj0031586"),
                entry("vendor_ruleset", "check_rcpt"), entry("vendor_arg1", "support@agency.example.gov"),
                entry("source_hostname", "203-0-113-45.dyn.isp.example.net"), entry("source_ip", "198.51.100.118"),
                entry("vendor_reject", "550 5.7.1 <support@agency.example.gov>... Relaying denied"),
                entry("smtp_response_code", "550"), entry("smtp_response_enhanced_class_code", "5"),
                entry("smtp_response_enhanced_subject_code", "7"), entry("smtp_response_enhanced_detail_code", "1"),
                entry("vendor_smtp_response_message", "<support@agency.example.gov>... Relaying denied"));
    }

    @Test
    void checkRelayWithoutQueueId() {
        Map<String, Object> m = parse("Nov 24 20:56:31 mailhost sm-mta[86808]: ruleset=check_relay, arg1=[198.51.100.19], "
                + "arg2=198.51.100.19, relay=[198.51.100.19], reject=421 4.3.2 Connection rate limit exceeded.");
        assertThat(m).contains(entry("event_type", "ruleset_rejection"), entry("vendor_ruleset", "check_relay"),
                entry("vendor_arg1", "[198.51.100.19]"), entry("vendor_arg2", "198.51.100.19"),
                entry("source_ip", "198.51.100.19"), entry("smtp_response_code", "421"))
                .doesNotContainKeys("email_uid", "source_hostname");
    }

    @Test
    void starttls() {
        Map<String, Object> m = parse("Nov 24 20:56:10 mailhost sm-mta[90381]: STARTTLS=server, relay=bounce.news.example.org "
                + "[203.0.113.163], version=TLSv1.3, verify=OK, cipher=TLS_AES_256_GCM_SHA384, bits=256/256");
        assertThat(m).contains(entry("event_type", "starttls"), entry("vendor_starttls", "server"),
                entry("source_hostname", "bounce.news.example.org"), entry("source_ip", "203.0.113.163"),
                entry("vendor_tls_version", "TLSv1.3"), entry("vendor_starttls_verify", "OK"),
                entry("vendor_tls_cipher", "TLS_AES_256_GCM_SHA384"), entry("vendor_tls_cipher_size", "256/256"))
                .doesNotContainKey("email_uid");

        m = parse("Nov 24 20:56:21 mailhost sm-mta[98081]: STARTTLS=client, relay=mx.lists.example.org., version=TLSv1.3, "
                + "verify=OK, cipher=TLS_CHACHA20_POLY1305_SHA256, bits=256/256");
        assertThat(m).contains(entry("event_type", "starttls"), entry("vendor_starttls", "client"),
                entry("destination_hostname", "mx.lists.example.org."))
                .doesNotContainKey("source_hostname");

        m = parse("Nov 24 20:59:34 mailhost sm-mta[33255]: STARTTLS=server, error: accept failed=-1, reason=unknown protocol, "
                + "SSL_error=5, errno=0, retry=-1, relay=[192.0.2.205]");
        assertThat(m).contains(entry("event_type", "starttls"), entry("vendor_starttls_error", "accept failed"),
                entry("vendor_starttls_error_code", "-1"), entry("vendor_starttls_error_reason", "unknown protocol"),
                entry("vendor_ssl_error", "5"), entry("vendor_retry", "-1"), entry("source_ip", "192.0.2.205"));
    }

    @Test
    void authentication() {
        Map<String, Object> m = parse("Nov 24 20:56:30 mailhost sm-mta[54418]: AUTH=server, relay=203-0-113-45.dyn.isp.example.net "
                + "[198.51.100.214], authid=erp-system, mech=PLAIN, bits=0");
        assertThat(m).contains(entry("event_type", "authentication"), entry("vendor_auth", "server"),
                entry("source_hostname", "203-0-113-45.dyn.isp.example.net"), entry("source_ip", "198.51.100.214"),
                entry("vendor_authid", "erp-system"), entry("vendor_mech", "PLAIN"), entry("vendor_bits", "0"));

        m = parse("Nov 24 21:00:16 mailhost sm-mta[25568]: sAOdGFFW025568: AUTH failure (LOGIN): authentication failure (-13) "
                + "SASL(-13): authentication failure: checkpass failed, user=test, relay=[198.51.100.147]");
        assertThat(m).contains(entry("event_type", "authentication"), entry("vendor_mech", "LOGIN"),
                entry("vendor_auth_error", "authentication failure"), entry("vendor_auth_error_code", "-13"),
                entry("vendor_auth_error_detail", "SASL(-13): authentication failure: checkpass failed"),
                entry("vendor_authid", "test"), entry("source_ip", "198.51.100.147"));
    }

    @Test
    void connection() {
        Map<String, Object> m = parse("Nov 24 20:56:35 mailhost sm-mta[80783]: NOQUEUE: connect from mail-out.shop.example.net [192.0.2.35]");
        assertThat(m).contains(entry("event_type", "connection"), entry("source_hostname", "mail-out.shop.example.net"),
                entry("source_ip", "192.0.2.35"));

        m = parse("Nov 24 20:56:15 mailhost sm-mta[67535]: sAOM3T1u067535: SMTP outgoing connect on mailhost.corp.example.com");
        assertThat(m).contains(entry("event_type", "connection"), entry("email_uid", "sAOM3T1u067535"),
                entry("vendor_relay_host", "mailhost.corp.example.com"));
    }

    @Test
    void invalidConnection() {
        Map<String, Object> m = parse("Nov 24 20:56:19 mailhost sm-mta[93923]: sAONpfkt093923: gw.agency.example.gov "
                + "[198.51.100.35] did not issue MAIL/EXPN/VRFY/ETRN during connection to MSA");
        assertThat(m).contains(entry("event_type", "invalid_connection"), entry("email_uid", "sAONpfkt093923"),
                entry("source_hostname", "gw.agency.example.gov"), entry("source_ip", "198.51.100.35"),
                entry("vendor_daemon", "MSA"));
    }

    @Test
    void pregreet() {
        Map<String, Object> m = parse("Nov 24 20:59:42 mailhost sm-mta[20020]: sAOOPnNY020020: rejecting commands from "
                + "[198.51.100.129] [198.51.100.129] due to pre-greeting traffic after 0 seconds");
        assertThat(m).contains(entry("event_type", "pregreet"), entry("email_uid", "sAOOPnNY020020"),
                entry("source_ip", "198.51.100.129"), entry("vendor_pregreet_seconds", 0));
    }

    @Test
    void rejectedDiscovery() {
        Map<String, Object> m = parse("Nov 24 20:56:28 mailhost sm-mta[34735]: sAODKTbG034735: relay.bank.example.org "
                + "[192.0.2.175]: VRFY postmaster [rejected]");
        assertThat(m).contains(entry("event_type", "rejected_discovery"), entry("source_hostname", "relay.bank.example.org"),
                entry("source_ip", "192.0.2.175"), entry("vendor_smtp_command", "VRFY"),
                entry("vendor_smtp_command_arg", "postmaster"));
    }

    @Test
    void serviceStatus() {
        Map<String, Object> m = parse("Nov 24 20:56:19 mailhost sm-mta[99055]: starting daemon (8.17.1): SMTP+queueing@00:10:00");
        assertThat(m).contains(entry("event_type", "service_status"), entry("vendor_version", "8.17.1"),
                entry("vendor_daemon_mode", "SMTP+queueing@00:10:00"));

        m = parse("Nov 24 20:57:39 mailhost sm-mta[23354]: restarting /usr/sbin/sendmail-mta due to signal");
        assertThat(m).contains(entry("event_type", "service_status"), entry("vendor_program", "/usr/sbin/sendmail-mta"),
                entry("vendor_event_outcome_reason", "signal"));
    }

    @Test
    void other() {
        Map<String, Object> m = parse("Nov 24 20:57:11 mailhost sm-mta[64937]: sAOFEQPb064937: sAOPwSvT064937: DSN: Service unavailable");
        assertThat(m).contains(entry("event_type", "other"), entry("email_uid", "sAOFEQPb064937"),
                entry("vendor_related_email_uid", "sAOPwSvT064937"), entry("vendor_event_subtype", "DSN"),
                entry("vendor_event_outcome_reason", "Service unavailable"));

        m = parse("<22>1 2026-11-24T20:56:14.010Z mailhost sm-mta 17436 - - sAO9en3u017436: lost input channel from "
                + "out.partner.example.net [192.0.2.98] to MTA after data");
        assertThat(m).contains(entry("event_type", "other"), entry("source_hostname", "out.partner.example.net"),
                entry("source_ip", "192.0.2.98"), entry("vendor_daemon", "MTA"), entry("vendor_smtp_phase", "data"));
    }

    @Test
    void noMatchIsTaggedLikeLogstash() {
        assertThat(parse("Nov 24 20:56:19 mailhost sm-mta[1]: sAONpfkt093923: something new")).contains(
                entry("event_type", "other"), entry("tags", "_grokparsefailure"));
        assertThat(parse("not a syslog line")).containsOnly(entry("event_type", "unparsed"));
    }
}
