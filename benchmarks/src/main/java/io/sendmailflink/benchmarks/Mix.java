package io.sendmailflink.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's input: {@code mix.log}, a made-up realistic mix of Sendmail syslog lines. */
public final class Mix {

    /** The classpath resource holding the mix. */
    public static final String RESOURCE = "/mix.log";

    private Mix() {
    }

    /** The mix's lines, in file order, empty lines skipped. */
    public static String[] lines() {
        try (InputStream in = Mix.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
            return out.toArray(new String[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
