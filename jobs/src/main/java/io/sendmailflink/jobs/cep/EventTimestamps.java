package io.sendmailflink.jobs.cep;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sets each event's record timestamp to its {@link CepEvent#time} and forwards watermarks as they
 * come (unlike a watermark strategy, which would replace the upstream ones). In STREAMING mode the
 * rows already carry this time; in BATCH mode rows from a table carry none.
 */
final class EventTimestamps extends AbstractStreamOperator<CepEvent> implements OneInputStreamOperator<CepEvent, CepEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<CepEvent> element) {
        output.collect(element.replace(element.getValue(), element.getValue().time));
    }
}
