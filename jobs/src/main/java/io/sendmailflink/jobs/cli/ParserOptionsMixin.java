package io.sendmailflink.jobs.cli;

import io.sendmailflink.udfs.parse.ParserOptions;
import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options that say how to read what a line leaves open ({@code --timezone}, {@code --year}),
 * as a picocli mixin so that every command that parses lines ({@code parse}, {@code backfill},
 * {@code stream}) spells and documents them the same way: add
 * {@code @Mixin ParserOptionsMixin parserOptions;} to the command.
 */
public final class ParserOptionsMixin {

    /** Lowest and highest {@code --year}: syslog did not exist before 1970; ISO text stops at 9999. */
    static final int MIN_YEAR = 1970;
    static final int MAX_YEAR = 9999;

    @Option(
            names = "--timezone",
            paramLabel = "ZONE",
            defaultValue = "UTC",
            converter = ZoneConverter.class,
            description = "Zone of timestamps that carry no offset (RFC 3164 lines, ISO times without"
                    + " offset): an IANA name like Europe/Berlin, an offset like +02:00, or 'local' for this"
                    + " machine's zone. Default: ${DEFAULT-VALUE}.")
    private ZoneId zone;

    @Option(
            names = "--year",
            paramLabel = "YEAR",
            converter = YearConverter.class,
            description = "Year of RFC 3164 timestamps, which carry none. Default: inferred per input, as"
                    + " the year that puts a line closest before the file's last-modified time (standard"
                    + " input: the current time), so that December lines read in January fall in the year"
                    + " before.")
    private Integer year;

    /** The zone of {@code --timezone} (UTC by default). */
    public ZoneId zone() {
        return zone == null ? ZoneId.of("UTC") : zone;
    }

    /** The year of {@code --year}, or null to infer it. */
    public Integer year() {
        return year;
    }

    /** Parser options with the zone and year; the reference time is left to the caller (per input). */
    public ParserOptions toParserOptions() {
        return ParserOptions.defaults().withZone(zone()).withYear(year);
    }

    /** {@code ZoneId.of}, plus {@code local}, with a message that says what is accepted. */
    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            if ("local".equalsIgnoreCase(value)) {
                return ZoneId.systemDefault();
            }
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a time zone"
                        + " (use an IANA name like Europe/Berlin, an offset like +02:00, or 'local')");
            }
        }
    }

    /** A year between {@value #MIN_YEAR} and {@value #MAX_YEAR}. */
    static final class YearConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int y;
            try {
                y = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a year (like 2025)");
            }
            if (y < MIN_YEAR || y > MAX_YEAR) {
                throw new TypeConversionException("'" + value + "' is not a year between "
                        + MIN_YEAR + " and " + MAX_YEAR);
            }
            return y;
        }
    }
}
