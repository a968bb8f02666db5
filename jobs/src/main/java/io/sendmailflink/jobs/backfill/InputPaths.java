package io.sendmailflink.jobs.backfill;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands backfill inputs — files, folders (their files, hidden ones skipped) and globs — into
 * an ordered list of log files: rotated logs oldest first ({@code maillog.3.gz},
 * {@code maillog.2.gz}, {@code maillog.1}, {@code maillog}; date suffixes ascending).
 */
public final class InputPaths {

    private static final Pattern ROTATION = Pattern.compile("^(.*?)(?:[.-](\\d{1,3}|\\d{8}))?(\\.gz)?$");

    private InputPaths() {
    }

    /** The files, in processing order; throws with the offending input named when one matches nothing. */
    public static List<Path> expand(List<String> inputs) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (String in : inputs) {
            if (in.contains("*") || in.contains("?") || in.contains("[")) {
                files.addAll(glob(in));
                continue;
            }
            Path p = Paths.get(in);
            if (!Files.exists(p)) {
                throw new NoSuchFileException(in, null, "no such file or folder");
            }
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                    for (Path f : ds) {
                        if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) {
                            files.add(f.toAbsolutePath().normalize());
                        }
                    }
                }
            } else if (!Files.isReadable(p)) {
                throw new IOException(in + ": not readable");
            } else {
                files.add(p.toAbsolutePath().normalize());
            }
        }
        List<Path> list = new ArrayList<>(files);
        list.sort(ROTATION_ORDER);
        return list;
    }

    private static List<Path> glob(String pattern) throws IOException {
        Path abs = Paths.get(pattern).toAbsolutePath();
        // the folder part before the first wildcard
        Path dir = abs.getRoot();
        for (Path part : abs) {
            String s = part.toString();
            if (s.contains("*") || s.contains("?") || s.contains("[")) {
                break;
            }
            dir = dir.resolve(s);
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(pattern, null, "no folder " + dir);
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        List<Path> out = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(m::matches).forEach(p -> out.add(p.normalize()));
        }
        if (out.isEmpty()) {
            throw new NoSuchFileException(pattern, null, "no file matches");
        }
        return out;
    }

    /** Same base name together; within it, higher rotation numbers (older) first, the live file last. */
    static final Comparator<Path> ROTATION_ORDER = (a, b) -> {
        String na = a.getFileName().toString();
        String nb = b.getFileName().toString();
        Matcher ma = ROTATION.matcher(na);
        Matcher mb = ROTATION.matcher(nb);
        ma.matches();
        mb.matches();
        int c = (a.getParent() + "/" + ma.group(1)).compareTo(b.getParent() + "/" + mb.group(1));
        if (c != 0) {
            return c;
        }
        int byAge = -Long.compare(age(ma.group(2)), age(mb.group(2)));
        return byAge != 0 ? byAge : na.compareTo(nb);
    };

    /** Larger = older: rotation number n; a date suffix counts down from its date; none is newest. */
    private static long age(String suffix) {
        if (suffix == null) {
            return -1;
        }
        if (suffix.length() == 8) {
            return 100_000_000L - Long.parseLong(suffix);
        }
        return Long.parseLong(suffix);
    }
}
