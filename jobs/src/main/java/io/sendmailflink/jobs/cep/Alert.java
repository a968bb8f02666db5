package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One alert of the {@code sendmail_alerts} contract; times in epoch milliseconds. Serialized by
 * {@link CepSerializers.AlertSerializer}; JSON: {@link CepJson#alertJsonUtf8}.
 */
@TypeInfo(Alert.TypeFactory.class)
public class Alert {

    public static final TypeInformation<Alert> TYPE = new SerializerTypeInfo<>(Alert.class, new CepSerializers.AlertSerializer());

    /** The {@code @TypeInfo} factory: {@link #TYPE}. */
    public static final class TypeFactory extends TypeInfoFactory<Alert> {
        @Override
        public TypeInformation<Alert> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }

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

    /** A copy (strings shared, the sample list copied). */
    public Alert copy() {
        Alert c = new Alert();
        c.kind = kind;
        c.severity = severity;
        c.keyType = keyType;
        c.key = key;
        c.host = host;
        c.firstTime = firstTime;
        c.lastTime = lastTime;
        c.eventCount = eventCount;
        c.sampleLines = sampleLines == null ? null : new ArrayList<>(sampleLines);
        c.description = description;
        return c;
    }

    @Override
    public String toString() {
        return "Alert{" + kind + " " + keyType + "=" + key + " on " + host + ", " + eventCount + " events, "
                + java.time.Instant.ofEpochMilli(firstTime) + ".." + java.time.Instant.ofEpochMilli(lastTime) + "}";
    }
}
