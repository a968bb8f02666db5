package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.OutputRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/** Puts each record into the folder {@code dt=YYYY-MM-DD} of its (UTC) event day, Hive style. */
final class DayBucketAssigner implements BucketAssigner<OutputRecord, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(OutputRecord r, Context context) {
        return "dt=" + r.day;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
