#!/usr/bin/env python3
"""Writes benchmarks/src/main/resources/mix.log: a made-up, realistic Sendmail syslog mix.

Every line is synthetic (no corpus lines are copied): host names are under example.com/.net/.org,
IPs come from the documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and
2001:db8::/32. The weights follow a busy MTA: mostly receipt and delivery lines, then STARTTLS,
AUTH, ruleset rejections, connection noise, a few service and 'other' lines. Deterministic
(fixed seed), so the file only changes when this script does.

    python3 benchmarks/src/mix/make_mix.py > benchmarks/src/main/resources/mix.log
"""
import random
import sys

R = random.Random(20261124)

N_LINES = 400
SHARE_5424 = 0.12

# target shares (of N_LINES); receipt/delivery come in message groups, the rest is sprinkled in
WEIGHTS = [
    ("receipt", 0.30),
    ("delivery", 0.38),
    ("starttls", 0.085),
    ("authentication", 0.03),
    ("ruleset_rejection", 0.07),
    ("connection", 0.03),
    ("invalid_connection", 0.035),
    ("pregreet", 0.0125),
    ("rejected_discovery", 0.0125),
    ("service_status", 0.0075),
    ("other", 0.0375),
]

QID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"
FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
         "oscar", "peggy", "trent", "victor", "walter", "sybil", "noreply", "billing", "support",
         "newsletter", "j.smith", "m.mueller", "ops-alerts", "hr", "sales", "postmaster", "it-helpdesk"]
LOCAL_DOMAINS = ["corp.example.com", "example.com", "mail.example.com"]
REMOTE_DOMAINS = ["example.net", "example.org", "partner.example.net", "lists.example.org",
                  "shop.example.net", "bank.example.org", "cloud.example.net", "news.example.org",
                  "uni.example.edu", "agency.example.gov"]
CLIENT_HOSTS = ["smtp1.example.net", "smtp2.example.net", "out.partner.example.net", "mta.lists.example.org",
                "mail-out.shop.example.net", "relay.bank.example.org", "o1.mail.cloud.example.net",
                "bounce.news.example.org", "mx.uni.example.edu", "gw.agency.example.gov",
                "203-0-113-45.dyn.isp.example.net", "mail.example.org"]
SPAMMY_HOSTS = ["host-203-0-113-9.broadband.example.net", "ppp-198-51-100-77.dsl.example.org",
                "unknown.example.net", "vps123.hosting.example.org"]
MX_HOSTS = ["mx1.example.net.", "mx2.example.net.", "mx.example.org.", "in1.smtp.cloud.example.net.",
            "in2.smtp.cloud.example.net.", "mail.partner.example.net.", "mx.lists.example.org.",
            "aspmx.mail.example.org.", "mx01.bank.example.org."]
CIPHERS_13 = ["TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"]
CIPHERS_12 = ["ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"]
MONTH_DAY = "Nov 24"


def ip():
    net = R.choice(["192.0.2", "198.51.100", "203.0.113"])
    return "%s.%d" % (net, R.randint(1, 254))


def ip6():
    return "2001:db8:%x::%x" % (R.randint(1, 0xffff), R.randint(1, 0xffff))


def addr(local=False):
    dom = R.choice(LOCAL_DOMAINS if local else REMOTE_DOMAINS)
    return "%s@%s" % (R.choice(FIRST), dom)


def qid(pid):
    return "sAO" + "".join(R.choice(QID_CHARS) for _ in range(5)) + "%06d" % pid


def client_relay(allow_forged=True):
    r = R.random()
    if r < 0.08:
        return "[%s]" % ip()
    if r < 0.14:
        return "%s [IPv6:%s]" % (R.choice(CLIENT_HOSTS), ip6())
    if r < 0.19 and allow_forged:
        return "%s [%s] (may be forged)" % (R.choice(SPAMMY_HOSTS), ip())
    return "%s [%s]" % (R.choice(CLIENT_HOSTS), ip())


def msgid(dom):
    return "<%d%02d%02d%06d.%s@%s>" % (2026, 11, 24, R.randint(0, 999999),
                                       "".join(R.choice(QID_CHARS) for _ in range(10)), dom)


def delay(lo=0, hi=12):
    s = R.randint(lo, hi)
    return "00:%02d:%02d" % (s // 60, s % 60)


class Clock:
    def __init__(self):
        self.t = 20 * 3600 + 56 * 60 + 10
        self.ms = 0

    def tick(self):
        self.t += R.choice([0, 0, 0, 1, 1, 2])
        self.ms = R.randint(0, 999)


CLOCK = Clock()


def header(tag, pid):
    CLOCK.tick()
    h, m, s = CLOCK.t // 3600, CLOCK.t // 60 % 60, CLOCK.t % 60
    if R.random() < SHARE_5424:
        # <22>: facility mail (2) * 8 + severity info (6); notice lines would be <21>
        return "<22>1 2026-11-24T%02d:%02d:%02d.%03dZ mailhost %s %d - - " % (h, m, s, CLOCK.ms, tag, pid)
    return "%s %02d:%02d:%02d mailhost %s[%d]: " % (MONTH_DAY, h, m, s, tag, pid)


def pid():
    return R.randint(1000, 99999)


# ---- one generator per event type: each returns (tag, pid, message) ----------------------------

def receipt(p, q):
    r = R.random()
    if r < 0.08:  # local MSP submission: no brackets, no proto/daemon, relay=user@localhost
        user = R.choice(["root", "www-data", "nagios", "backup"])
        return "%s: from=%s, size=%d, class=0, nrcpts=1, msgid=%s, relay=%s@localhost" % (
            q, user, R.randint(400, 4000), msgid("mailhost.corp.example.com"), user)
    frm = "<>" if r < 0.14 else "<%s>" % addr()
    size = R.randint(900, 250000) if R.random() < 0.9 else R.randint(250000, 9000000)
    cls = R.choice([0] * 12 + [-60, 30])
    nr = R.choice([1] * 10 + [2, 2, 3, 5])
    parts = ["from=%s" % frm, "size=%d" % size, "class=%d" % cls, "nrcpts=%d" % nr,
             "msgid=%s" % msgid(R.choice(REMOTE_DOMAINS))]
    if R.random() < 0.3:
        parts.append("bodytype=%s" % R.choice(["8BITMIME", "7BIT"]))
    proto = R.choice(["ESMTP", "ESMTPS", "ESMTPS", "ESMTPS", "ESMTPSA", "SMTP"])
    parts.append("proto=%s" % proto)
    parts.append("daemon=%s" % R.choice(["MTA", "MTA", "MTA", "MTA-v4", "MTA-v6", "MSA"]))
    parts.append("relay=%s" % client_relay())
    return "%s: %s" % (q, ", ".join(parts))


def delivery(p, q):
    r = R.random()
    to = "<%s>" % addr(local=r < 0.35)
    if R.random() < 0.08:
        to += ",<%s>" % addr(local=r < 0.35)
    d = delay(0, 20)
    pri = R.randint(30000, 2500000)
    if r < 0.35:  # local delivery
        return "%s: to=%s, ctladdr=<%s> (%d/%d), delay=%s, xdelay=00:00:00, mailer=local, pri=%d, dsn=2.0.0, stat=Sent" % (
            q, to, addr(True), R.randint(1000, 1200), R.randint(100, 120), d, pri)
    if r < 0.45:  # relayed to the internal store over LMTP/esmtp
        return "%s: to=%s, delay=%s, xdelay=%s, mailer=relay, pri=%d, relay=[127.0.0.1] [127.0.0.1], dsn=2.0.0, stat=Sent (%s Message accepted for delivery)" % (
            q, to, d, delay(0, 2), pri, qid(pid()))
    mx = R.choice(MX_HOSTS)
    mxip = "[IPv6:%s]" % ip6() if R.random() < 0.1 else "[%s]" % ip()
    if r < 0.85:
        text = R.choice([
            "OK %d %s - gsmtp" % (R.randint(10 ** 9, 10 ** 10), "".join(R.choice(QID_CHARS) for _ in range(12))),
            "2.0.0 Ok: queued as %s" % "".join(R.choice("0123456789ABCDEF") for _ in range(10)),
            "ok %d qp %d" % (R.randint(10 ** 9, 2 * 10 ** 9), R.randint(1000, 99999)),
            "Message received: %d.%s@%s" % (R.randint(10 ** 5, 10 ** 6), "mta", mx.rstrip(".")),
        ])
        return "%s: to=%s, delay=%s, xdelay=%s, mailer=esmtp, pri=%d, relay=%s %s, dsn=2.0.0, stat=Sent (%s)" % (
            q, to, d, delay(0, 4), pri, mx, mxip, text)
    if r < 0.94:  # deferred
        reason = R.choice(["Connection refused by %s" % mx, "Connection timed out with %s" % mx,
                           "421 4.7.0 Try again later, closing connection.",
                           "450 4.2.1 The user you are trying to contact is receiving mail too quickly"])
        dl = "%02d:%02d:%02d" % (R.randint(0, 5), R.randint(0, 59), R.randint(0, 59))
        if reason.startswith("Connection"):
            return "%s: to=%s, delay=%s, xdelay=%s, mailer=esmtp, pri=%d, relay=%s, dsn=4.0.0, stat=Deferred: %s" % (
                q, to, dl, delay(0, 30), pri, mx, reason)
        return "%s: to=%s, delay=%s, xdelay=%s, mailer=esmtp, pri=%d, relay=%s %s, dsn=4.0.0, reply=%s, stat=Deferred: %s" % (
            q, to, dl, delay(0, 3), pri, mx, mxip, reason, reason)
    # permanent failure (8.15+ logs reply=)
    user = to.split(",")[0].strip("<>")
    return "%s: to=%s, delay=%s, xdelay=%s, mailer=esmtp, pri=%d, relay=%s %s, dsn=5.1.1, reply=550 5.1.1 <%s>... User unknown, stat=User unknown" % (
        q, to, d, delay(0, 2), pri, mx, mxip, user)


def starttls(p, q):
    r = R.random()
    if r < 0.55:
        v = R.choice(["TLSv1.3", "TLSv1.3", "TLSv1.2"])
        c = R.choice(CIPHERS_13 if v == "TLSv1.3" else CIPHERS_12)
        bits = "128/128" if "128" in c else "256/256"
        return "STARTTLS=server, relay=%s, version=%s, verify=%s, cipher=%s, bits=%s" % (
            client_relay(), v, R.choice(["NO", "NO", "NO", "OK", "FAIL"]), c, bits)
    if r < 0.9:
        v = R.choice(["TLSv1.3", "TLSv1.2"])
        c = R.choice(CIPHERS_13 if v == "TLSv1.3" else CIPHERS_12)
        bits = "128/128" if "128" in c else "256/256"
        return "STARTTLS=client, relay=%s, version=%s, verify=%s, cipher=%s, bits=%s" % (
            R.choice(MX_HOSTS), v, R.choice(["OK", "OK", "FAIL"]), c, bits)
    return "STARTTLS=server, error: accept failed=%d, reason=%s, SSL_error=%d, errno=0, retry=-1, relay=%s" % (
        R.choice([0, -1]), R.choice(["unknown protocol", "wrong version number", "no shared cipher",
                                     "sslv3 alert bad certificate"]), R.choice([1, 5]),
        "[%s]" % ip() if R.random() < 0.5 else "%s [%s]" % (R.choice(SPAMMY_HOSTS), ip()))


def authentication(p, q):
    r = R.random()
    if r < 0.6:
        return "AUTH=server, relay=%s, authid=%s, mech=%s, bits=0" % (
            client_relay(), R.choice(["alice", "bob@corp.example.com", "scanner", "erp-system"]),
            R.choice(["PLAIN", "LOGIN", "PLAIN"]))
    if r < 0.8:
        return "AUTH=client, relay=%s, mech=%s, bits=0" % (
            R.choice(["smarthost.example.net", "relay.example.org."]), R.choice(["PLAIN", "LOGIN"]))
    user = R.choice(["admin", "test", "info", "webmaster"])
    return "%s: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=%s, relay=%s" % (
        q, user, "[%s]" % ip() if R.random() < 0.6 else "%s [%s]" % (R.choice(SPAMMY_HOSTS), ip()))


def ruleset_rejection(p, q):
    r = R.random()
    bad_ip = ip()
    if r < 0.4:
        rcpt = "%s@%s" % (R.choice(FIRST), R.choice(REMOTE_DOMAINS))
        return "%s: ruleset=check_rcpt, arg1=<%s>, relay=%s, reject=550 5.7.1 <%s>... Relaying denied" % (
            q, rcpt, client_relay(), rcpt)
    if r < 0.6:
        rcpt = addr(local=True)
        return "%s: ruleset=check_rcpt, arg1=<%s>, relay=%s [%s], reject=553 5.3.0 <%s>... Spam blocked see: https://dnsbl.example.org/query/%s" % (
            q, rcpt, R.choice(SPAMMY_HOSTS), bad_ip, rcpt, bad_ip)
    if r < 0.8:
        snd = "%s@%s" % (R.choice(FIRST), R.choice(["nonexistent.example", "invalid.example.net"]))
        return "%s: ruleset=check_mail, arg1=<%s>, relay=%s, reject=553 5.1.8 <%s>... Domain of sender address %s does not exist" % (
            q, snd, client_relay(), snd, snd)
    if r < 0.93:
        return "ruleset=check_relay, arg1=[%s], arg2=%s, relay=[%s], reject=421 4.3.2 Connection rate limit exceeded." % (
            bad_ip, bad_ip, bad_ip)
    host = R.choice(SPAMMY_HOSTS)
    return "ruleset=check_relay, arg1=%s, arg2=127.0.0.%d, relay=%s [%s], reject=550 5.7.1 Mail from %s refused - see https://dnsbl.example.org/" % (
        host, R.choice([2, 4, 10]), host, bad_ip, bad_ip)


def connection(p, q):
    if R.random() < 0.6:
        return "NOQUEUE: connect from %s" % client_relay()
    return "%s: SMTP outgoing connect on %s" % (q, R.choice(["mailhost.corp.example.com", "out1.corp.example.com"]))


def invalid_connection(p, q):
    return "%s: %s did not issue MAIL/EXPN/VRFY/ETRN during connection to %s" % (
        q, client_relay(), R.choice(["MTA", "MTA", "MTA-v4", "MSA"]))


def pregreet(p, q):
    a = ip()  # without a PTR record the host name is "[ip]", so the address shows twice
    return "%s: rejecting commands from %s [%s] due to pre-greeting traffic after %d seconds" % (
        q, R.choice(SPAMMY_HOSTS + ["[%s]" % a]), a, R.choice([0, 0, 1, 2]))


def rejected_discovery(p, q):
    cmd = R.choice(["VRFY", "EXPN", "vrfy"])
    return "%s: %s: %s %s [rejected]" % (q, client_relay(), cmd, R.choice(["root", "admin", "postmaster", "info"]))


SERVICE = [
    "starting daemon (8.17.1): SMTP+queueing@00:10:00",
    "restarting /usr/sbin/sendmail-mta due to signal",
    "stopping daemon, reason=signal",
]


def service_status(p, q):
    return SERVICE.pop(0) if SERVICE else "starting daemon (8.17.1): queueing@00:25:00"


def other(p, q):
    r = R.random()
    if r < 0.35:
        return "%s: %s: DSN: %s" % (q, qid(p), R.choice(["User unknown", "Service unavailable",
                                                         "Cannot send message for 5 days"]))
    if r < 0.6:
        return "%s: lost input channel from %s to MTA after %s" % (q, client_relay(), R.choice(["rcpt", "data", "mail"]))
    if r < 0.75:
        return "%s: timeout waiting for input from %s during server cmd read" % (q, R.choice(CLIENT_HOSTS))
    if r < 0.9:
        return "%s: <%s>... User unknown" % (q, addr(local=True))
    return "%s: %s: possible SMTP attack: command=AUTH, count=5" % (q, "[%s]" % ip())


GEN = {name: globals()[name] for name, _ in WEIGHTS}


def main():
    counts = {name: round(w * N_LINES) for name, w in WEIGHTS}
    pool = []
    for name, c in counts.items():
        pool += [name] * c
    R.shuffle(pool)
    out = []
    recent = []  # (pid, qid) of recent receipts: their deliveries follow a few lines later
    for name in pool:
        p = pid()
        q = qid(p)
        if name == "receipt":
            recent.append((p, q))
            recent = recent[-8:]
        elif name == "delivery" and recent and R.random() < 0.9:
            p, q = R.choice(recent)
        if name == "receipt":
            tag = R.choice(["sm-mta"] * 9 + ["sendmail"])
        elif name == "service_status":
            tag = "sm-mta"
        else:
            tag = R.choice(["sm-mta"] * 9 + ["sendmail"])
        msg = GEN[name](p, q)
        out.append(header(tag, p) + msg)
    sys.stdout.write("\n".join(out) + "\n")
    for name, c in counts.items():
        sys.stderr.write("%-20s %4d  %5.1f%%\n" % (name, c, 100.0 * c / len(out)))
    sys.stderr.write("%-20s %4d\n" % ("total", len(out)))


if __name__ == "__main__":
    main()
