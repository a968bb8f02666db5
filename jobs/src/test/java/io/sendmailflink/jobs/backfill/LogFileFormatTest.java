package io.sendmailflink.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.workflow.LogLine;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileFormatTest {

    @TempDir
    Path dir;

    /** The lines as java.io.BufferedReader splits and decodes them (the reference behaviour). */
    private static List<String> reference(byte[] bytes) throws Exception {
        List<String> l = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String s;
            while ((s = r.readLine()) != null) {
                l.add(s);
            }
        }
        return l;
    }

    /** Every line of every split, in split order, as "number:text". */
    private static List<String> read(Path file, List<FileSourceSplit> splits) throws Exception {
        List<String> out = new ArrayList<>();
        LogFileFormat format = new LogFileFormat();
        for (FileSourceSplit s : splits) {
            try (BulkFormat.Reader<LogLine> r = format.createReader(new Configuration(), s)) {
                BulkFormat.RecordIterator<LogLine> batch;
                while ((batch = r.readBatch()) != null) {
                    RecordAndPosition<LogLine> rp;
                    while ((rp = batch.next()) != null) {
                        out.add(rp.getRecord().lineNumber + ":" + rp.getRecord().line);
                        assertThat(rp.getRecord().origin).isEqualTo(file.toString());
                    }
                    batch.releaseBatch();
                }
            }
        }
        return out;
    }

    private static FileSourceSplit split(Path f, long off, long len, long size) {
        return new FileSourceSplit("s" + off, new org.apache.flink.core.fs.Path(f.toUri()), off, len, 0L, size);
    }

    private static List<String> numbered(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add((i + 1) + ":" + lines.get(i));
        }
        return out;
    }

    @Test
    void splitsAtEveryOffsetGiveEveryLineOnceWithItsNumber() throws Exception {
        byte[] bytes = ("first\nsecond\r\nthird\rfourth\r\r\n\nsixth with \u00e9 and \uD83D\uDE00\n"
                + "bad \u0000 byte\n" + "last without end").getBytes(StandardCharsets.UTF_8);
        byte[] withMalformed = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, withMalformed, 0, bytes.length);
        withMalformed[bytes.length] = '\n';
        withMalformed[bytes.length + 1] = (byte) 0xC3; // a truncated two-byte sequence
        withMalformed[bytes.length + 2] = '\r';
        Path f = dir.resolve("maillog");
        Files.write(f, withMalformed);
        List<String> expected = numbered(reference(withMalformed));
        int n = withMalformed.length;
        assertThat(read(f, List.of(split(f, 0, n, n)))).containsExactlyElementsOf(expected);
        for (int a = 1; a < n; a++) {
            assertThat(read(f, List.of(split(f, 0, a, n), split(f, a, n - a, n)))).as("split at " + a)
                    .containsExactlyElementsOf(expected);
            for (int b = a + 1; b < n; b += 3) {
                assertThat(read(f, List.of(split(f, 0, a, n), split(f, a, b - a, n), split(f, b, n - b, n))))
                        .as("split at " + a + " and " + b).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void linesLongerThanTheBufferAndRandomTextMatchBufferedReader() throws Exception {
        Random rnd = new Random(3);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            int len = i == 7 ? 700_000 : rnd.nextInt(400);
            for (int k = 0; k < len; k++) {
                int c = rnd.nextInt(100);
                b.write(c < 2 ? '\r' : c < 3 ? 0xE2 : c < 4 ? 0x82 : 'a' + c % 26);
            }
            b.write(rnd.nextInt(10) == 0 ? '\r' : '\n');
            if (rnd.nextInt(5) == 0) {
                b.write('\n');
            }
        }
        byte[] bytes = b.toByteArray();
        Path f = dir.resolve("big");
        Files.write(f, bytes);
        List<String> expected = numbered(reference(bytes));
        int n = bytes.length;
        for (int parts : new int[] {1, 2, 3, 7}) {
            List<FileSourceSplit> splits = new ArrayList<>();
            long size = (n + parts - 1) / parts;
            for (int k = 0; k < parts; k++) {
                long off = k * size;
                splits.add(split(f, off, k == parts - 1 ? n - off : size, n));
            }
            assertThat(read(f, splits)).as(parts + " splits").containsExactlyElementsOf(expected);
        }
    }

    @Test
    void enumeratorCutsBigPlainFilesForEveryReaderAndKeepsGzipWhole() throws Exception {
        byte[] line = "Nov 24 00:00:00 mx1 sm-mta[1]: a line of a log\n".getBytes(StandardCharsets.UTF_8);
        Path plain = dir.resolve("maillog");
        try (OutputStream o = Files.newOutputStream(plain)) {
            for (long w = 0; w < 3 * LineSplitEnumerator.MIN_SPLIT_BYTES; w += line.length) {
                o.write(line);
            }
        }
        Path gz = dir.resolve("maillog.1.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(line);
        }
        Path small = dir.resolve("maillog.2");
        Files.write(small, line);
        Collection<FileSourceSplit> splits = new LineSplitEnumerator().enumerateSplits(
                new org.apache.flink.core.fs.Path[] {new org.apache.flink.core.fs.Path(dir.toUri())}, 2);
        List<FileSourceSplit> ofPlain = splits.stream().filter(s -> s.path().getName().equals("maillog")).toList();
        assertThat(ofPlain).hasSize(2);
        assertThat(ofPlain.get(0).offset() + ofPlain.get(0).length()).isEqualTo(ofPlain.get(1).offset());
        assertThat(ofPlain.get(1).offset() + ofPlain.get(1).length()).isEqualTo(Files.size(plain));
        assertThat(splits.stream().filter(s -> s.path().getName().endsWith(".gz"))).singleElement()
                .satisfies(s -> assertThat(s.length()).isEqualTo(Files.size(gz)));
        assertThat(splits).hasSize(4);
        // every line of the split file once, numbered
        List<String> lines = read(plain, ofPlain);
        assertThat(lines).hasSize((int) (Files.size(plain) / line.length));
        assertThat(lines.get(lines.size() - 1)).startsWith(lines.size() + ":");
    }
}
