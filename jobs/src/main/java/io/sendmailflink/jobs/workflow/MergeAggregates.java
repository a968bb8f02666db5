package io.sendmailflink.jobs.workflow;

import io.sendmailflink.jobs.aggregate.AggregateEncoder;
import io.sendmailflink.jobs.aggregate.AggregateRows;
import io.sendmailflink.jobs.aggregate.BucketState;
import io.sendmailflink.jobs.aggregate.BucketStateSerializer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds up the partial aggregates of one bucket (window and host) from every parse subtask and,
 * once the bucket is complete (its window's last millisecond passed by the watermark; in batch,
 * the end of the key's input), writes every aggregate view's rows for it, encoded. A partial that
 * arrives after its bucket was written is late and left out, as Flink SQL's window aggregations
 * leave late rows out; the {@code lateAggregatePartials} metric counts them.
 */
public final class MergeAggregates extends KeyedProcessFunction<String, BucketState, OutputRecord> {

    private static final long serialVersionUID = 1L;

    private final AggregateEncoder encoder;
    private transient ValueState<BucketState> state;
    private transient Counter late;

    public MergeAggregates(AggregateEncoder encoder) {
        this.encoder = encoder;
    }

    /** (window start, source). */
    public static final class Key implements KeySelector<BucketState, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(BucketState b) {
            return b.source() == null ? b.windowStart() + "\u0001" : b.windowStart() + "\u0002" + b.source();
        }
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("aggregate-bucket", BucketStateSerializer.TYPE));
        late = getRuntimeContext().getMetricGroup().counter("lateAggregatePartials");
    }

    @Override
    public void processElement(BucketState partial, Context ctx, Collector<OutputRecord> out) throws Exception {
        long last = ctx.timestamp();
        if (last <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        BucketState b = state.value();
        if (b == null) {
            state.update(partial);
            ctx.timerService().registerEventTimeTimer(last);
        } else {
            b.merge(partial);
            state.update(b);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutputRecord> out) throws Exception {
        BucketState b = state.value();
        state.clear();
        if (b == null) {
            return;
        }
        AggregateRows.rows(b, (view, row) -> out.collect(new OutputRecord(view.viewName(), encoder.encode(view, row))));
    }
}
