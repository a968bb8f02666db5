package io.sendmailflink.jobs.workflow;

import java.util.Objects;

/**
 * One input line and where it came from: the unit every source (files, Kafka, tests) emits.
 * A Flink POJO (public fields, no-arg constructor).
 */
public class LogLine {

    /** The raw line, without its line terminator. */
    public String line;
    /** File path, or Kafka topic-partition. */
    public String origin;
    /** 1-based line number in the file, or the Kafka offset. */
    public long lineNumber;
    /** File modification time or Kafka record time: RFC 3164 year reference and fallback event time. */
    public long referenceMillis;

    public LogLine() {
    }

    public LogLine(String line, String origin, long lineNumber, long referenceMillis) {
        this.line = line;
        this.origin = origin;
        this.lineNumber = lineNumber;
        this.referenceMillis = referenceMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogLine)) {
            return false;
        }
        LogLine other = (LogLine) o;
        return lineNumber == other.lineNumber && referenceMillis == other.referenceMillis
                && Objects.equals(line, other.line) && Objects.equals(origin, other.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, origin, lineNumber, referenceMillis);
    }

    @Override
    public String toString() {
        return origin + ":" + lineNumber + ": " + line;
    }
}
