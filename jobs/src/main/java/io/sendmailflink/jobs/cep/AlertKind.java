package io.sendmailflink.jobs.cep;

import java.util.Locale;

/** The alert kinds of the {@code sendmail_alerts} contract, with their key type and base severity. */
public enum AlertKind {
    PREGREET_SCAN("client_ip", Severity.LOW),
    DISCOVERY_SCAN("client_ip", Severity.MEDIUM),
    INVALID_CONNECTION_SCAN("client_ip", Severity.LOW),
    RELAY_PROBING("client_ip", Severity.MEDIUM),
    DICTIONARY_ATTACK("client_ip", Severity.MEDIUM),
    AUTH_PASSWORD_GUESSING("client_ip", Severity.HIGH),
    AUTH_GUESSED_SUCCESS("authid", Severity.CRITICAL),
    OUTBOUND_BURST("sender", Severity.HIGH),
    DESTINATION_BLOCKLISTED("destination_domain", Severity.HIGH);

    /** low, medium, high, critical. */
    public enum Severity {
        LOW, MEDIUM, HIGH, CRITICAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** One level up (critical stays critical). */
        public Severity raised() {
            return this == CRITICAL ? CRITICAL : values()[ordinal() + 1];
        }
    }

    private final String keyType;
    private final Severity severity;
    private final String wireName = name().toLowerCase(Locale.ROOT);

    AlertKind(String keyType, Severity severity) {
        this.keyType = keyType;
        this.severity = severity;
    }

    /** The {@code kind} value: {@code pregreet_scan}, ... */
    public String wireName() {
        return wireName;
    }

    public String keyType() {
        return keyType;
    }

    public Severity baseSeverity() {
        return severity;
    }

    public static AlertKind ofWireName(String name) {
        for (AlertKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown alert kind '" + name + "'");
    }
}
