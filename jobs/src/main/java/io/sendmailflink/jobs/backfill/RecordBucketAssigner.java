package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.OutputRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each record into the sub-folder its {@link OutputRecord#bucket} names: {@code dt=YYYY-MM-DD}
 * (Hive style, the UTC day of an event), a view name (aggregates), or the output's own folder ("").
 */
final class RecordBucketAssigner implements BucketAssigner<OutputRecord, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(OutputRecord r, Context context) {
        return r.bucket == null ? "" : r.bucket;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
