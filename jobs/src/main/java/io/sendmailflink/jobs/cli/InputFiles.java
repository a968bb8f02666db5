package io.sendmailflink.jobs.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens the inputs of a command that reads log files: a path or {@code -} (standard input),
 * plain or gzip-compressed, as lines of UTF-8 text.
 *
 * <p>Decoding never fails: log lines carry whatever bytes a client sent, so malformed UTF-8 is
 * replaced by U+FFFD and the line still comes through. Lines end at {@code \n}, {@code \r\n} or
 * {@code \r} ({@link BufferedReader#readLine()}), as in Flink's {@code TextLineInputFormat}: the
 * {@code parse} command and the Flink jobs see the same lines.
 *
 * <p>Gzip: a name ending in {@code .gz} must be gzip (else it is reported as corrupt); any other
 * input, standard input included, is decompressed when it starts with the gzip magic bytes, so
 * that {@code cat maillog.1.gz | sendmail-flink parse} works too.
 */
final class InputFiles {

    /** The name that means standard input. */
    static final String STDIN = "-";

    private static final int BUFFER = 1 << 16;

    private InputFiles() {
    }

    /** An open input. Closing it closes the file; standard input is left open. */
    record Input(String name, BufferedReader reader, long referenceTimeMillis) implements Closeable {
        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /**
     * Opens a file, or standard input for {@code -}. The reference time for inferring RFC 3164
     * years is the file's last-modified time (a log file is written up to then), or now for
     * standard input.
     *
     * @throws IOException when the input cannot be opened: missing, a directory, unreadable, or
     *     named {@code .gz} without a valid gzip header
     */
    static Input open(String name, InputStream stdin) throws IOException {
        if (STDIN.equals(name)) {
            InputStream in = new FilterInputStream(stdin) {
                @Override
                public void close() {
                    // Standard input belongs to the process: a later "-" or another command may read it.
                }
            };
            return new Input(name, lines(in, false), System.currentTimeMillis());
        }
        Path path = Paths.get(name);
        if (Files.isDirectory(path)) {
            throw new FileSystemException(name, null, "Is a directory");
        }
        long modified = Files.getLastModifiedTime(path).toMillis();
        InputStream in = Files.newInputStream(path);
        try {
            return new Input(name, lines(in, name.toLowerCase(Locale.ROOT).endsWith(".gz")), modified);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static BufferedReader lines(InputStream raw, boolean mustBeGzip) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        InputStream data = in;
        if (mustBeGzip || startsWithGzipMagic(in)) {
            data = new GZIPInputStream(in, BUFFER);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(data, utf8), BUFFER);
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * Why an input could not be read, in the words of the C library where there are such
     * ({@code No such file or directory}), so the message reads like other command-line tools'.
     */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof ZipException) {
            return "not a valid gzip file (" + e.getMessage() + ")";
        }
        if (e instanceof EOFException) {
            // Only GZIPInputStream throws it here: a truncated or empty .gz file.
            return "truncated gzip data"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The name to show in a message: the path as given, or "standard input". */
    static String displayName(String name) {
        return STDIN.equals(name) ? "standard input" : name;
    }
}
