package io.sendmailflink.jobs.generate;

import java.util.Locale;

/**
 * The {@code event_type} the parser gives a line: the generator records, for every line it writes,
 * the type the parser must classify it as, so that tests can compare the two views.
 */
public enum EventType {
    RECEIPT,
    DELIVERY,
    RULESET_REJECTION,
    AUTHENTICATION,
    STARTTLS,
    CONNECTION,
    INVALID_CONNECTION,
    PREGREET,
    REJECTED_DISCOVERY,
    SERVICE_STATUS,
    /** A Sendmail line of none of the ten types (DSN, lost input channel, timeout, usrerr, ...). */
    OTHER,
    /** Not a Sendmail line: the noise the generator writes when asked to. */
    UNPARSED;

    private final String parserName = name().toLowerCase(Locale.ROOT);

    /** The value of the parser's {@code event_type} field. */
    public String parserName() {
        return parserName;
    }

    /** The ten types of the Illuminate Sendmail pack (everything but {@code other} and {@code unparsed}). */
    public boolean isPackType() {
        return this != OTHER && this != UNPARSED;
    }

    public static EventType ofParserName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
