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
    /** The encoded record, UTF-8, without line terminator. */
    public byte[] data;

    public OutputRecord() {
    }

    public OutputRecord(String bucket, byte[] data) {
        this.bucket = bucket;
        this.data = data;
    }

    /** The record as text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputRecord && Objects.equals(bucket, ((OutputRecord) o).bucket)
                && Arrays.equals(data, ((OutputRecord) o).data);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(bucket) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return bucket + ": " + text();
    }
}
