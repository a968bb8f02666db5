package io.sendmailflink.benchmarks;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Diagnostic: bytes allocated per line by {@code getString} of each field, over the mix: where
 * the {@code gc.alloc.rate.norm} of {@code sendmailParserAllFields} comes from. Exact: it reads
 * the thread's allocated-bytes counter around every {@code getString} after a warm-up, so JIT
 * and load do not change the figures.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.sendmailflink.benchmarks.FieldAllocationReport
 * </pre>
 */
public final class FieldAllocationReport {

    private FieldAllocationReport() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        SendmailEvent e = new SendmailEvent();
        String[] lines = Mix.lines();
        Field[] fields = Field.values();
        long[] bytes = new long[fields.length];
        long[] count = new long[fields.length];
        int rounds = 2000; // the last round is measured; the others warm the JIT up (escape analysis)
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            boolean measure = r == rounds - 1;
            for (String line : lines) {
                parser.parseInto(line, e);
                for (Field f : fields) {
                    if (!e.has(f)) {
                        continue;
                    }
                    long before = mx.getCurrentThreadAllocatedBytes();
                    String s = e.getString(f);
                    long after = mx.getCurrentThreadAllocatedBytes();
                    sink += s.length();
                    if (measure) {
                        bytes[f.ordinal()] += after - before;
                        count[f.ordinal()]++;
                    }
                }
            }
        }
        long total = 0;
        long present = 0;
        for (int i = 0; i < fields.length; i++) {
            total += bytes[i];
            present += count[i];
        }
        Integer[] order = new Integer[fields.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(bytes[b], bytes[a]));
        System.out.printf("%d lines, %.1f present fields per line, %.1f B allocated per line by getString%n",
                lines.length, present / (double) lines.length, total / (double) lines.length);
        System.out.printf("%-48s %-12s %9s %9s %9s%n", "field", "type", "lines", "B/line", "B/value");
        for (int i : order) {
            if (count[i] == 0) {
                continue;
            }
            System.out.printf("%-48s %-12s %8.1f%% %9.1f %9.1f%n", fields[i].fieldName(), fields[i].type(),
                    100.0 * count[i] / lines.length, bytes[i] / (double) lines.length, bytes[i] / (double) count[i]);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
