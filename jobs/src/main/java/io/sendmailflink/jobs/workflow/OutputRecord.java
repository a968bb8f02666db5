package io.sendmailflink.jobs.workflow;

import java.util.Objects;

/**
 * One output line, already encoded (a JSON object or a CSV row, without line terminator), and
 * the UTC day of its event time ({@code yyyy-MM-dd}) for day-partitioned files. A Flink POJO.
 */
public class OutputRecord {
    /** The UTC day of the record's event time, {@code yyyy-MM-dd}. */
    public String day;
    /** The encoded record, without line terminator. */
    public String text;

    public OutputRecord() {
    }

    public OutputRecord(String day, String text) {
        this.day = day;
        this.text = text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputRecord && Objects.equals(day, ((OutputRecord) o).day)
                && Objects.equals(text, ((OutputRecord) o).text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(day, text);
    }

    @Override
    public String toString() {
        return day + ": " + text;
    }
}
