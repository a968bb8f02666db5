package io.sendmailflink.jobs.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The generator's population, built once: local users, partner domains with their mail servers,
 * internal clients, scanners and attackers. Every address and name is a documentation one:
 * IPv4 from 192.0.2.0/24 (our network), 198.51.100.0/24 (partners), 203.0.113.0/24 (scanners;
 * attackers only in .192-.254), IPv6 from 2001:db8::/32, domains under example.com (ours),
 * example.net and example.org.
 *
 * <p>The population does not depend on the seed (it is the same organization every run); the
 * seed decides the traffic.
 */
final class Pools {

    static final String OUR_DOMAIN = "example.com";
    static final String LISTS_DOMAIN = "lists.example.com";
    static final String MAILSTORE = "mailstore.example.com.";
    static final String MAILSTORE_IP = "192.0.2.5";
    static final String LISTS_HOST = "lists.example.com.";
    static final String LISTS_IP = "192.0.2.6";

    private static final String[] FIRST = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
        "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter",
        "wendy", "yasmin", "zoe", "ahmed", "bea", "chen", "dmitri", "elena", "fatima", "giulia", "hiro", "ines",
        "jonas", "kofi", "lena", "mateo", "nadia", "omar", "priya", "quinn", "rosa", "sven", "tariq", "uma",
        "vera", "wei", "ximena", "yusuf", "zara"};
    private static final String[] LAST = {"smith", "jones", "garcia", "miller", "davis", "martin", "lopez",
        "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "lee", "perez", "white", "harris", "clark",
        "lewis", "young", "walker", "hall", "allen", "king", "wright", "scott", "green", "baker", "adams",
        "nelson", "hill", "campbell", "mitchell", "roberts", "carter", "phillips", "evans", "turner", "torres",
        "parker", "collins", "edwards", "stewart", "morris", "murphy", "cook", "rogers", "morgan"};
    private static final String[] ROLES = {"info", "sales", "support", "billing", "hr", "jobs", "press",
        "webmaster", "postmaster", "abuse", "security", "helpdesk", "accounting", "legal", "marketing"};
    /** Local parts a directory-harvest attack guesses (none of them exist here). */
    static final String[] GUESSES = {"admin", "test", "john", "mike", "david", "paul", "mark", "james", "sarah",
        "office", "contact", "manager", "service", "user", "mail", "web", "root1", "oracle", "backup", "newsletter",
        "staff", "team", "design", "ceo", "finance", "director", "michael", "robert", "william", "richard",
        "joseph", "daniel", "linda", "susan", "karen", "nancy", "lisa", "betty", "sandra", "ashley", "donna",
        "emily", "kevin", "brian", "george", "edward", "ronald", "timothy", "jason", "jeffrey"};
    /** Names a VRFY/EXPN harvester tries. */
    static final String[] VRFY_NAMES = {"root", "admin", "postmaster", "info", "test", "guest", "user", "oracle",
        "mysql", "www", "webmaster", "sales", "ftp", "nobody", "operator", "daemon", "apache", "support",
        "mail", "backup"};

    private static final String[] COMPANIES = {"acme", "globex", "initech", "umbrella", "hooli", "stark",
        "wayne", "wonka", "cyberdyne", "tyrell", "soylent", "oscorp", "aperture", "blackmesa", "vandelay",
        "dunder", "piedpiper", "prestige", "gringotts", "monarch", "nakatomi", "virtucon", "massive", "bluth",
        "krusty", "duff", "sterling", "rekall", "zorg", "weyland"};

    /** How a remote server answers; decides the text of {@code stat=Sent (...)}. */
    enum Software {
        POSTFIX, SENDMAIL, EXIM, EXCHANGE, GSMTP
    }

    /** A remote mail server we deliver to (an MX). */
    static final class Remote {
        final String name; // with the trailing dot, as Sendmail logs MX names
        final String ip; // as logged: 198.51.100.7 or IPv6:2001:db8:5::7
        final Software software;

        Remote(String name, String ip, Software software) {
            this.name = name;
            this.ip = ip;
            this.software = software;
        }
    }

    /** A partner domain: its MX hosts, its outgoing servers, how it behaves. */
    static final class Domain {
        final String name;
        final Remote[] mx;
        final Client[] outbound;
        final Software software;
        final boolean tls;
        final String verify;
        final boolean greylisting;
        /** Chance that an attempt is deferred. */
        final double flakiness;
        /** Weight when picking a recipient domain (freemail providers are big). */
        final int weight;

        Domain(String name, Remote[] mx, Client[] outbound, Software software, boolean tls, String verify,
                boolean greylisting, double flakiness, int weight) {
            this.name = name;
            this.mx = mx;
            this.outbound = outbound;
            this.software = software;
            this.tls = tls;
            this.verify = verify;
            this.greylisting = greylisting;
            this.flakiness = flakiness;
            this.weight = weight;
        }
    }

    /** An SMTP client as Sendmail logs it. */
    static final class Client {
        /** The {@code $_} value: {@code host [ip]}, {@code [ip]}, {@code host [ip] (may be forged)}, ... */
        final String relay;
        /** The PTR name, or null. */
        final String host;
        /** The IP as logged inside brackets ({@code IPv6:} tag included). */
        final String loggedIp;
        /** The IP as the parser reports it ({@code source_ip}). */
        final String ip;
        /** The host name carries a payload. */
        final boolean payload;
        /** The domain it sends for (legitimate senders), else null. */
        Domain domain;

        Client(String host, String loggedIp, String ip, boolean forged, String ident, boolean payload) {
            this.host = host;
            this.loggedIp = loggedIp;
            this.ip = ip;
            this.payload = payload;
            StringBuilder b = new StringBuilder();
            if (ident != null) {
                b.append(ident).append('@');
            }
            if (host != null) {
                b.append(host).append(" [").append(loggedIp).append(']');
            } else {
                b.append('[').append(loggedIp).append(']');
            }
            if (forged) {
                b.append(" (may be forged)");
            }
            this.relay = b.toString();
        }

        /** {@code rejecting commands from %s [%s]}: the host name, or {@code [ip]} when there is none. */
        String peerName() {
            return host != null ? host : "[" + loggedIp + "]";
        }
    }

    /** A mailbox here. */
    static final class User {
        final String local;
        final String address; // local@example.com
        final String authid;
        final Client workstation;

        User(String local, String authid, Client workstation) {
            this.local = local;
            this.address = local + "@" + OUR_DOMAIN;
            this.authid = authid;
            this.workstation = workstation;
        }
    }

    final User[] users;
    final String[] roles;
    final Domain[] domains;
    final int[] domainWeights;
    final Client[] appServers;
    final Client[] scanners;
    final Client[] attackers;
    final Client[] payloadClients;
    final String[] externalLocals;

    Pools() {
        Rng r = new Rng(0x5E17D3A11L);
        // internal workstations: 192.0.2.128-191 and a few IPv6
        List<Client> ws = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String host = "ws-" + pad3(i + 1) + ".corp." + OUR_DOMAIN;
            ws.add(new Client(host, "192.0.2." + (128 + i), "192.0.2." + (128 + i), false, null, false));
        }
        for (int i = 0; i < 16; i++) {
            String v6 = "2001:db8:1::" + Integer.toHexString(0x100 + i);
            ws.add(new Client("laptop-" + pad3(i + 1) + ".corp." + OUR_DOMAIN, "IPv6:" + v6, v6, false, null, false));
        }
        List<User> us = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String first = FIRST[i % FIRST.length];
            String last = LAST[(i * 7 + i / FIRST.length) % LAST.length];
            String local;
            switch (i % 4) {
                case 0:
                    local = first + "." + last;
                    break;
                case 1:
                    local = first.charAt(0) + last;
                    break;
                case 2:
                    local = first + "." + last + (i / 100 > 0 ? Integer.toString(i / 100) : "");
                    break;
                default:
                    local = first + "_" + last;
                    break;
            }
            String authid = i % 3 == 0 ? local + "@" + OUR_DOMAIN : local;
            us.add(new User(local, authid, ws.get(r.nextInt(ws.size()))));
        }
        // dedupe (first/last combinations repeat) while keeping order
        List<User> unique = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (User u : us) {
            if (seen.add(u.local)) {
                unique.add(u);
            }
        }
        users = unique.toArray(new User[0]);
        roles = ROLES.clone();

        appServers = new Client[8];
        for (int i = 0; i < appServers.length; i++) {
            appServers[i] = new Client("app" + pad2(i + 1) + ".corp." + OUR_DOMAIN, "192.0.2." + (120 + i),
                    "192.0.2." + (120 + i), false, null, false);
        }

        // partner domains: MX and outbound servers in 198.51.100.0/24 (and 2001:db8:5::/48)
        List<Domain> ds = new ArrayList<>();
        int nextIp = 10;
        String[][] providers = {{"freemail", "net"}, {"webmail", "org"}, {"postbox", "net"}};
        Software[] sw = Software.values();
        for (int i = 0; i < providers.length + COMPANIES.length; i++) {
            boolean big = i < providers.length;
            String name = big ? providers[i][0] + ".example." + providers[i][1]
                    : COMPANIES[i - providers.length] + (i % 2 == 0 ? ".example.net" : ".example.org");
            int nmx = big ? 3 : 1 + r.nextInt(2);
            Software software = big ? (i == 0 ? Software.GSMTP : Software.POSTFIX) : sw[r.nextInt(sw.length)];
            boolean v6 = i % 5 == 1;
            Remote[] mx = new Remote[nmx];
            for (int k = 0; k < nmx; k++) {
                String mxName = (big && k > 0 ? "alt" + k + ".mx." : "mx" + (k + 1) + ".") + name + ".";
                String ip = v6 && k == 0 ? "IPv6:2001:db8:5::" + Integer.toHexString(nextIp) : "198.51.100." + nextIp;
                nextIp++;
                mx[k] = new Remote(mxName, ip, software);
            }
            int nout = big ? 4 : 1;
            Client[] out = new Client[nout];
            for (int k = 0; k < nout; k++) {
                String host = (big ? "smtp-out" + (k + 1) : (i % 3 == 0 ? "mail" : "smtp")) + "." + name;
                String ip = "198.51.100." + nextIp++;
                if (v6 && k == 0) {
                    String v6ip = "2001:db8:5::" + Integer.toHexString(nextIp++);
                    out[k] = new Client(host, "IPv6:" + v6ip, v6ip, false, null, false);
                } else {
                    out[k] = new Client(host, ip, ip, false, null, false);
                }
            }
            boolean tls = big || r.chance(0.85);
            String verify = !tls ? "NONE" : r.chance(0.8) ? "OK" : r.chance(0.5) ? "FAIL" : "NO";
            Domain d = new Domain(name, mx, out, software, tls, verify, !big && r.chance(0.15),
                    big ? 0.01 : r.chance(0.2) ? 0.15 : 0.02, big ? 40 : 3);
            for (Client c : out) {
                c.domain = d;
            }
            ds.add(d);
        }
        domains = ds.toArray(new Domain[0]);
        int[] w = new int[domains.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = domains[i].weight;
        }
        domainWeights = Rng.cumulative(w);

        // scanners and spammers: 203.0.113.1-191, 2001:db8:f00::/48
        List<Client> sc = new ArrayList<>();
        for (int i = 1; i <= 191; i++) {
            String ip = "203.0.113." + i;
            int form = r.nextInt(10);
            if (form < 4) {
                sc.add(new Client(null, ip, ip, false, null, false));
            } else if (form < 6) {
                sc.add(new Client("dsl-203-0-113-" + i + ".dyn.example.net", ip, ip, false, null, false));
            } else if (form < 8) {
                sc.add(new Client("host" + i + ".bulk" + (i % 7) + ".example.org", ip, ip, true, null, false));
            } else if (form < 9) {
                sc.add(new Client("vps" + i + ".cloud.example.net", ip, ip, false, null, false));
            } else {
                sc.add(new Client("unknown" + i + ".example.org", ip, ip, false, i % 2 == 0 ? "root" : null, false));
            }
        }
        for (int i = 1; i <= 24; i++) {
            String v6 = "2001:db8:f00::" + Integer.toHexString(i * 17);
            sc.add(new Client(i % 2 == 0 ? "scan" + i + ".example.net" : null, "IPv6:" + v6, v6, false, null, false));
        }
        scanners = sc.toArray(new Client[0]);

        // attackers: never used by background traffic
        List<Client> at = new ArrayList<>();
        for (int i = 192; i <= 254; i++) {
            String ip = "203.0.113." + i;
            int form = i % 4;
            if (form == 0) {
                at.add(new Client(null, ip, ip, false, null, false));
            } else if (form == 1) {
                at.add(new Client("bot" + i + ".botnet.example.org", ip, ip, true, null, false));
            } else if (form == 2) {
                at.add(new Client("static-203-0-113-" + i + ".example.net", ip, ip, false, null, false));
            } else {
                at.add(new Client(null, ip, ip, false, null, false));
            }
        }
        for (int i = 1; i <= 16; i++) {
            String v6 = "2001:db8:bad::" + Integer.toHexString(i);
            at.add(new Client(null, "IPv6:" + v6, v6, false, null, false));
        }
        attackers = at.toArray(new Client[0]);

        // clients whose PTR name is a payload (scanner range)
        payloadClients = new Client[12];
        for (int i = 0; i < payloadClients.length; i++) {
            String ip = "203.0.113." + (180 + i);
            String label = Payloads.HOST_LABELS[i % Payloads.HOST_LABELS.length];
            payloadClients[i] = new Client(label + (i < 3 ? "" : "." + i) + ".example.net", ip, ip, false, null, true);
        }

        List<String> ext = new ArrayList<>();
        for (String f : FIRST) {
            for (int k = 0; k < 4; k++) {
                String l = LAST[r.nextInt(LAST.length)];
                switch (k) {
                    case 0:
                        ext.add(f + "." + l);
                        break;
                    case 1:
                        ext.add(f + r.nextInt(100));
                        break;
                    case 2:
                        ext.add(f.charAt(0) + "." + l);
                        break;
                    default:
                        ext.add(l + "-" + f);
                        break;
                }
            }
        }
        ext.add("noreply");
        ext.add("newsletter");
        ext.add("orders");
        ext.add("notifications");
        externalLocals = ext.toArray(new String[0]);
    }

    private static String pad3(int i) {
        return i < 10 ? "00" + i : i < 100 ? "0" + i : Integer.toString(i);
    }

    private static String pad2(int i) {
        return i < 10 ? "0" + i : Integer.toString(i);
    }
}
