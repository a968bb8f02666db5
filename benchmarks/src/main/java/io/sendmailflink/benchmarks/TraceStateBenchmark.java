package io.sendmailflink.benchmarks;

import io.sendmailflink.jobs.cep.CepEvent;
import io.sendmailflink.jobs.cep.CepOptions;
import io.sendmailflink.jobs.cep.Trace;
import io.sendmailflink.jobs.cep.TraceFunction;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Memory of the message-trace state when queue IDs never complete: {@code ids} receipts, each with
 * its own queue ID and no delivery ever, arrive at {@code rate} per simulated second into
 * {@link TraceFunction} (Flink's keyed operator harness, heap state backend, watermark 5 s behind).
 * Every trace must leave the state {@code timeout} after its receipt (as {@code incomplete}), so
 * the live keys stay near rate × (time-out + 5 s) however many IDs pass. Prints, every tenth of
 * the run: IDs fed, live keys, timers, emitted traces, heap used after a full GC; at the end the
 * size of a checkpoint of the state halfway.
 *
 * <pre>
 * java -Xmx4g -cp CLASSPATH io.sendmailflink.benchmarks.TraceStateBenchmark [ids] [rate] [timeout-seconds]
 * </pre>
 * (defaults 10000000, 500, 600; README "Benchmarks" shows how to get the class path).
 */
public final class TraceStateBenchmark {

    private TraceStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long ids = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long rate = args.length > 1 ? Long.parseLong(args[1]) : 500;
        long timeoutSeconds = args.length > 2 ? Long.parseLong(args[2]) : 600;
        long lagMillis = 5_000;
        CepOptions options = new CepOptions().traceTimeout(Duration.ofSeconds(timeoutSeconds));
        KeyedOneInputStreamOperatorTestHarness<String, CepEvent, Trace> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TraceFunction(options)), new TraceFunction.Key(), Types.STRING);
        // a checkpoint of the peak state is far above the 5 MB default of in-memory checkpoints
        h.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
        h.open();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long start = 1_795_478_400_000L; // 2026-11-24T00:00:00Z
        long baseline = usedAfterGc(mem);
        System.out.printf(Locale.ROOT, "ids=%,d rate=%,d/s timeout=%d s bound=rate*(timeout+5s)=%,d keys; heap before: %,d MB%n",
                ids, rate, timeoutSeconds, rate * (timeoutSeconds + lagMillis / 1000), baseline >> 20);
        System.out.println("ids_fed,simulated_s,live_keys,timers,emitted_incomplete,heap_used_mb,heap_per_live_key_bytes,wall_s");
        long emitted = 0;
        long peakKeys = 0;
        long t0 = System.nanoTime();
        long report = Math.max(1, ids / 10);
        long snapshotBytes = -1;
        long snapshotKeys = 0;
        for (long i = 0; i < ids; i++) {
            long t = start + i * 1000 / rate;
            h.processElement(new StreamRecord<>(receipt(i, t), t));
            if (i % rate == rate - 1) {
                h.processWatermark(t - lagMillis);
                emitted += drain(h);
            }
            if ((i + 1) % report == 0) {
                long keys = h.numKeyedStateEntries();
                long used = usedAfterGc(mem);
                peakKeys = Math.max(peakKeys, keys);
                System.out.printf(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%.1f%n", i + 1, (t - start) / 1000, keys,
                        h.numEventTimeTimers(), emitted, (used - baseline) >> 20,
                        keys == 0 ? 0 : (used - baseline) / keys, (System.nanoTime() - t0) / 1e9);
                if (i + 1 == ids / 2) {
                    OperatorSubtaskState snap = h.snapshot(1L, t);
                    snapshotBytes = snap.getStateSize();
                    snapshotKeys = keys;
                }
            }
        }
        h.processWatermark(Long.MAX_VALUE);
        emitted += drain(h);
        System.out.printf(Locale.ROOT, "end of input: emitted %,d incomplete traces of %,d ids, live keys %d, timers %d%n",
                emitted, ids, h.numKeyedStateEntries(), h.numEventTimeTimers());
        System.out.printf(Locale.ROOT, "peak live keys at a report: %,d; checkpoint halfway (%,d keys): %,d bytes"
                + " (%,d bytes per key)%n", peakKeys, snapshotKeys, snapshotBytes,
                snapshotKeys == 0 ? 0 : snapshotBytes / snapshotKeys);
        h.close();
        if (emitted != ids) {
            throw new IllegalStateException("expected every one of the " + ids + " receipts as an incomplete trace, got "
                    + emitted);
        }
    }

    private static long drain(KeyedOneInputStreamOperatorTestHarness<String, CepEvent, Trace> h) {
        long n = 0;
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && Trace.INCOMPLETE.equals(((Trace) r.getValue()).outcome)) {
                n++;
            }
        }
        h.getOutput().clear();
        return n;
    }

    /** A receipt as the parser gives it, with its own queue ID (Sendmail-like, 14 characters). */
    static CepEvent receipt(long i, long t) {
        CepEvent e = new CepEvent();
        e.host = "mx" + (1 + i % 3);
        e.qid = String.format(Locale.ROOT, "6AO%011d", i);
        e.pid = Long.toString(100_000 + i % 900_000);
        e.time = t;
        e.eventType = "receipt";
        e.from = "user" + (i % 5000) + "@partner.example";
        e.size = 2048 + i % 10_000;
        e.nrcpts = 1L;
        e.messageId = "20261124." + e.qid + "@partner.example";
        e.protocol = "ESMTP";
        e.clientIp = "192.0.2." + (i % 250);
        e.clientHost = "mail" + (i % 250) + ".partner.example";
        e.message = e.qid + ": from=<" + e.from + ">, size=" + e.size + ", class=0, nrcpts=1, msgid=<" + e.messageId
                + ">, proto=ESMTP, daemon=MTA, relay=" + e.clientHost + " [" + e.clientIp + "]";
        e.line = "Nov 24 00:00:00 " + e.host + " sm-mta[" + e.pid + "]: " + e.message;
        return e;
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
