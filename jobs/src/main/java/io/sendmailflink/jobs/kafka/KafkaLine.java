package io.sendmailflink.jobs.kafka;

import java.util.Objects;

/**
 * One line read from Kafka, with where it came from.
 *
 * <p>A plain Flink POJO (public class, public no-arg constructor, public mutable fields), so Flink
 * serializes it with its {@code PojoSerializer} rather than falling back to Kryo, and SQL can
 * address its fields by name.
 */
public class KafkaLine {

    /** The topic the record was read from. */
    public String topic;

    /** The partition the record was read from. */
    public int partition;

    /** The record's offset in its partition. */
    public long offset;

    /**
     * The record's timestamp in epoch milliseconds: the producer's create time or the broker's
     * log-append time, as the topic's {@code message.timestamp.type} says; -1 when absent.
     */
    public long timestamp;

    /** The record's key decoded as UTF-8, or {@code null} when the record has no key. */
    public String key;

    /** The record's value decoded as UTF-8, without one trailing {@code \n} or {@code \r\n}. */
    public String line;

    /** For Flink's POJO serializer. */
    public KafkaLine() {
    }

    public KafkaLine(String topic, int partition, long offset, long timestamp, String key, String line) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.line = line;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KafkaLine)) {
            return false;
        }
        KafkaLine that = (KafkaLine) o;
        return partition == that.partition
                && offset == that.offset
                && timestamp == that.timestamp
                && Objects.equals(topic, that.topic)
                && Objects.equals(key, that.key)
                && Objects.equals(line, that.line);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, timestamp, key, line);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " (" + timestamp + "): " + line;
    }
}
