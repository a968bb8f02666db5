package io.sendmailflink.jobs.cep;

import java.util.ArrayList;
import java.util.List;

/** One alert of the {@code sendmail_alerts} contract (a Flink POJO); times in epoch milliseconds. */
public class Alert {
    public String kind;
    public String severity;
    public String keyType;
    public String key;
    public String host;
    public long firstTime;
    public long lastTime;
    public long eventCount;
    public List<String> sampleLines = new ArrayList<>();
    public String description;

    public Alert() {
    }

    @Override
    public String toString() {
        return "Alert{" + kind + " " + keyType + "=" + key + " on " + host + ", " + eventCount + " events, "
                + java.time.Instant.ofEpochMilli(firstTime) + ".." + java.time.Instant.ofEpochMilli(lastTime) + "}";
    }
}
