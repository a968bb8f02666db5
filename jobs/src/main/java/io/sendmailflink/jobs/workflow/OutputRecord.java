package io.sendmailflink.jobs.workflow;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One output line, already encoded (a JSON object or a CSV row as UTF-8, without line terminator),
 * and the sub-folder it belongs in: {@code dt=YYYY-MM-DD} for events (the UTC day of their event
 * time), the view name for aggregate rows, empty for the rest. A Flink POJO.
 */
public class OutputRecord {
    /** The sub-folder of a file output, or "" for the output's own folder. */
    public String bucket;
    /** The encoded record, UTF-8, without line terminator: {@code data[0, length)}. */
    public byte[] data;
    /**
     * Bytes of {@link #data} that are the record. With object reuse, {@code data} may be the
     * producer's buffer, longer than the record and valid only until the producer's next record.
     */
    public int length;

    public OutputRecord() {
    }

    public OutputRecord(String bucket, byte[] data) {
        this(bucket, data, data.length);
    }

    public OutputRecord(String bucket, byte[] data, int length) {
        this.bucket = bucket;
        this.data = data;
        this.length = length;
    }

    /** The record's bytes in an array of their own. */
    public byte[] bytes() {
        return length == data.length ? data : Arrays.copyOf(data, length);
    }

    /** The record as text. */
    public String text() {
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputRecord && Objects.equals(bucket, ((OutputRecord) o).bucket)
                && Arrays.equals(data, 0, length, ((OutputRecord) o).data, 0, ((OutputRecord) o).length);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(bucket) + Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        return bucket + ": " + text();
    }
}
