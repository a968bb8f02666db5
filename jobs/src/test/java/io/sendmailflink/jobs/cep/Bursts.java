package io.sendmailflink.jobs.cep;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Crafted attack bursts as real Sendmail lines (formats as the generator and real servers write them). */
final class Bursts {

    /** RFC 3164 time: the day padded with a space. */
    static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Bursts() {
    }

    static String at(Instant t) {
        return SYSLOG.format(t);
    }

    /** {@code n} lines from {@code template} every {@code stepSeconds}; {@code %T} is the header time, {@code %I} the index. */
    static List<String> burst(String template, Instant start, int n, int stepSeconds) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant t = start.plusSeconds((long) i * stepSeconds);
            l.add(template.replace("%T", at(t)).replace("%I", Integer.toString(i)));
        }
        return l;
    }

    static final String PREGREET = "%T mx1 sm-mta[1730%I]: 6AO020j8173%I: rejecting commands from"
            + " static-203-0-113-194.example.net [203.0.113.194] due to pre-greeting traffic after 0 seconds";
    static final String DISCOVERY = "%T mx2 sendmail[137398]: 6AO03U5P137398: [203.0.113.195]: VRFY user%I [rejected]";
    static final String INVALID = "%T mx2 sendmail[1379%I]: 6AO0507k1379%I: static-203-0-113-198.example.net"
            + " [203.0.113.198] did not issue MAIL/EXPN/VRFY/ETRN during connection to MTA";
    static final String RELAY = "%T mx2 sendmail[139154]: 6AO080Cf139154: ruleset=check_rcpt,"
            + " arg1=<v%I@weyland.example.net>, relay=[203.0.113.204], reject=550 5.7.1 <v%I@weyland.example.net>..."
            + " Relaying denied. IP name lookup failed [203.0.113.204]";
    static final String DICTIONARY = "%T mx1 sm-mta[139200]: 6AO080Cf139200: ruleset=check_rcpt, arg1=<guess%I@example.com>,"
            + " relay=[203.0.113.205], reject=550 5.1.1 <guess%I@example.com>... User unknown";
    static final String AUTH_FAILURE = "%T relay1 sendmail[1295806]: 6AO06UNw1295806: AUTH failure (LOGIN):"
            + " authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=fedwards,"
            + " relay=bot201.botnet.example.org [203.0.113.201] (may be forged)";
    static final String AUTH_SUCCESS = "%T relay1 sendmail[1295900]: AUTH=server,"
            + " relay=bot201.botnet.example.org [203.0.113.201] (may be forged), authid=fedwards, mech=LOGIN, bits=0";
    static final String BLOCKED = "%T relay1 sendmail[12929%I]: 6AO002DO12929%I: to=<u%I@blocked.example.net>,"
            + " delay=00:00:02, xdelay=00:00:02, mailer=esmtp, pri=129504, relay=mx1.blocked.example.net. [198.51.100.34],"
            + " dsn=5.7.1, reply=554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org,"
            + " stat=Service unavailable";
}
