package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.Sinks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backfill outputs under one folder: {@code events/dt=YYYY-MM-DD/}, {@code unparsed/},
 * {@code aggregates/<view>/} and {@code _summary/}, as JSON lines (or CSV).
 */
public final class FileSinks implements Sinks {

    public static final String EVENTS = "events";
    public static final String UNPARSED = "unparsed";
    public static final String AGGREGATES = "aggregates";
    public static final String SUMMARY = "_summary";
    public static final String TRACES = "traces";
    public static final String ALERTS = "alerts";

    private final Path out;
    private final String format;

    public FileSinks(Path out, String format) {
        this.out = out.toAbsolutePath().normalize();
        this.format = format;
    }

    public Path out() {
        return out;
    }

    @Override
    public Map<String, String> options(Kind kind, String name) {
        Path dir;
        switch (kind) {
            case EVENTS:
                dir = out.resolve(EVENTS);
                break;
            case DEAD_LETTERS:
                dir = out.resolve(UNPARSED);
                break;
            case SUMMARY:
                dir = out.resolve(SUMMARY);
                break;
            case TRACES:
                dir = out.resolve(TRACES);
                break;
            case ALERTS:
                dir = out.resolve(ALERTS);
                break;
            default:
                dir = out.resolve(AGGREGATES).resolve(name);
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "filesystem");
        o.put("path", dir.toUri().toString());
        if (kind == Kind.TRACES || kind == Kind.ALERTS) {
            // rows are finished JSON lines (io.sendmailflink.jobs.cep.CepRecords)
            o.put("format", "raw");
            return o;
        }
        // the summary is read back by the job: always JSON
        String f = kind == Kind.SUMMARY ? "json" : format;
        o.put("format", f);
        if (f.equals("json")) {
            o.put("json.encode.ignore-null-fields", "true");
            o.put("json.timestamp-format.standard", "ISO-8601");
        }
        return o;
    }

    @Override
    public boolean partitionEventsByDay() {
        return true;
    }
}
