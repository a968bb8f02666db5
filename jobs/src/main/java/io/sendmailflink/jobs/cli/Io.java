package io.sendmailflink.jobs.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The standard streams a command reads and writes, passed in rather than taken from
 * {@link System} so that tests run commands in-process with their own streams.
 *
 * @param in standard input (the {@code parse} command reads it when given no file or {@code -})
 * @param out standard output: data only (JSON lines, usage and version text), never log lines
 * @param err standard error: messages for the user
 */
public record Io(InputStream in, OutputStream out, PrintStream err) {

    public Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /**
     * The process's streams. Standard output is the raw file descriptor, not {@link System#out}:
     * a {@link PrintStream} swallows write errors, and a command must see them to stop reading
     * when its reader has gone ({@code | head -1}) and to report a full disk.
     */
    public static Io system() {
        return new Io(System.in, new FileOutputStream(FileDescriptor.out), System.err);
    }
}
