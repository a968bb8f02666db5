package io.sendmailflink.jobs.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a JSON-lines part file line by line, with each line's byte offset and length, so that a
 * line can be read again later on its own ({@link #read}).
 *
 * <p>The lines are those {@code Files.readAllLines(f, UTF_8)} (that is {@code BufferedReader.readLine})
 * returns: ended by {@code \n}, {@code \r} or {@code \r\n}; a last line without an end counts when
 * it is not empty; bytes that are no UTF-8 fail with {@link java.nio.charset.MalformedInputException}.
 * Only one line is held at a time.
 */
final class TraceLines {

    /** Receives each line. */
    interface LineConsumer {
        /**
         * @param number 1-based line number
         * @param offset byte offset of the line's first byte in the file
         * @param length the line's length in bytes, without its end
         */
        void line(int number, long offset, int length, String text) throws IOException;
    }

    private TraceLines() {
    }

    /** Calls {@code c} with every line of {@code f}, in order. */
    static void forEach(Path f, LineConsumer c) throws IOException {
        CharsetDecoder utf8 = decoder();
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[1 << 12];
        int lineLen = 0;
        long pos = 0; // file offset of buf[0]
        long lineStart = 0;
        int number = 0;
        boolean skipLf = false; // the last buffer ended with '\r': a '\n' first in the next one ends nothing
        try (InputStream in = Files.newInputStream(f)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                int i = 0;
                if (skipLf) {
                    skipLf = false;
                    if (buf[0] == '\n') {
                        i = 1;
                        lineStart = pos + 1;
                    }
                }
                int segment = i;
                for (; i < r; i++) {
                    byte b = buf[i];
                    if (b != '\n' && b != '\r') {
                        continue;
                    }
                    int n = i - segment;
                    if (lineLen + n > line.length) {
                        line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
                    }
                    System.arraycopy(buf, segment, line, lineLen, n);
                    lineLen += n;
                    c.line(++number, lineStart, lineLen, decode(utf8, line, lineLen));
                    lineLen = 0;
                    if (b == '\r') {
                        if (i + 1 < r) {
                            if (buf[i + 1] == '\n') {
                                i++;
                            }
                        } else {
                            skipLf = true;
                        }
                    }
                    lineStart = pos + i + 1;
                    segment = i + 1;
                }
                int n = r - segment;
                if (lineLen + n > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
                }
                System.arraycopy(buf, segment, line, lineLen, n);
                lineLen += n;
                pos += r;
            }
        }
        if (lineLen > 0) {
            c.line(++number, lineStart, lineLen, decode(utf8, line, lineLen));
        }
    }

    /** The line of {@code length} bytes at {@code offset} of an open file. */
    static String read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int n = ch.read(b, offset + b.position());
            if (n < 0) {
                throw new IOException("the file ended before the line at byte " + offset + " (" + length + " bytes)");
            }
        }
        return decode(decoder(), b.array(), length);
    }

    static FileChannel open(Path f) throws IOException {
        return FileChannel.open(f, StandardOpenOption.READ);
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static String decode(CharsetDecoder utf8, byte[] b, int len) throws CharacterCodingException {
        for (int i = 0; i < len; i++) {
            if (b[i] < 0) {
                return utf8.reset().decode(ByteBuffer.wrap(b, 0, len)).toString();
            }
        }
        return new String(b, 0, len, StandardCharsets.ISO_8859_1); // ASCII: the common case, copied as is
    }
}
