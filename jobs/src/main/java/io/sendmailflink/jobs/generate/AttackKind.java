package io.sendmailflink.jobs.generate;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The attacks the generator can inject, each from its own attacker address, at known times,
 * recorded in {@link GeneratorStats#attacks()} so that detection (CEP patterns, alerts,
 * dashboards) can be tested against ground truth.
 *
 * <p>Each kind has one characteristic line type; {@link InjectedAttack#count()} counts those
 * lines. The attackers come from ranges that background traffic never uses
 * ({@code 203.0.113.192/26} and {@code 2001:db8:bad::/48}), so every such line from them belongs
 * to an injected attack.
 */
public enum AttackKind {
    /** Many connections from one IP that talk before the greeting: {@code rejecting commands ... due to pre-greeting traffic}. */
    PREGREET("pregreet", EventType.PREGREET),
    /** Address harvesting with VRFY/EXPN: {@code <client>: VRFY root [rejected]}. */
    VRFY_EXPN("vrfy-expn", EventType.REJECTED_DISCOVERY),
    /** Connection flood without commands: {@code <client> did not issue MAIL/EXPN/VRFY/ETRN ...}. */
    DID_NOT_ISSUE("did-not-issue", EventType.INVALID_CONNECTION),
    /**
     * SMTP AUTH password guessing against one account on the submission port, ending in a success
     * and spam sent through the account. The count is the number of {@code AUTH failure} lines; the
     * attack's last time is that of the successful {@code AUTH=server} line.
     */
    AUTH_GUESSING("auth-guessing", EventType.AUTHENTICATION),
    /** Open-relay probing: {@code ruleset=check_rcpt, ... reject=550 5.7.1 <x>... Relaying denied}. */
    RELAY_DENIED("relay-denied", EventType.RULESET_REJECTION),
    /** Directory harvesting with guessed local parts: {@code ruleset=check_rcpt, ... reject=550 5.1.1 <x>... User unknown}. */
    USER_UNKNOWN("user-unknown", EventType.RULESET_REJECTION);

    private final String cliName;
    private final EventType lineType;

    AttackKind(String cliName, EventType lineType) {
        this.cliName = cliName;
        this.lineType = lineType;
    }

    /** The name used on the command line and in the ground-truth JSON. */
    public String cliName() {
        return cliName;
    }

    /** The event type of the lines {@link InjectedAttack#count()} counts. */
    public EventType lineType() {
        return lineType;
    }

    /** By command-line name ({@code vrfy-expn}) or enum name ({@code VRFY_EXPN}), any case. */
    public static AttackKind of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AttackKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown attack '" + name + "' (expected one of " + names() + ", all or none)");
    }

    /** A comma-separated list of kinds, or {@code all} / {@code none}. */
    public static Set<AttackKind> parseList(String list) {
        EnumSet<AttackKind> set = EnumSet.noneOf(AttackKind.class);
        for (String part : list.split(",", -1)) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.equals("all")) {
                set.addAll(EnumSet.allOf(AttackKind.class));
            } else if (!p.equals("none")) {
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("empty attack name in '" + list + "'");
                }
                set.add(of(p));
            }
        }
        return set;
    }

    public static String names() {
        StringBuilder b = new StringBuilder();
        for (AttackKind k : values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(k.cliName);
        }
        return b.toString();
    }
}
