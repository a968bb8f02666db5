package io.sendmailflink.jobs.generate;

import java.io.Closeable;
import java.io.IOException;

/** Where generated lines go: a file or stream ({@link StreamLineSink}) or a Kafka topic ({@link KafkaLineSink}). */
public interface LineSink extends Closeable {

    /**
     * Writes one line (without its terminator).
     *
     * @param line the line; only read during the call (the caller reuses it)
     * @param host the host that logged it (the Kafka record key)
     * @param timeMillis its simulated time
     */
    void write(CharSequence line, String host, long timeMillis) throws IOException;

    /** Makes everything written so far visible to readers (and reports asynchronous failures). */
    void flush() throws IOException;

    /** Flushes, then releases the target. */
    @Override
    void close() throws IOException;
}
