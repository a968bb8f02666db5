package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One event an alert rule counts (a Flink POJO): its kind, where it comes from (host and key),
 * its time, weight (1, or the recipients of a message for outbound bursts), whether it counts as
 * a failure (destination blocklisting), the recipient domains (outbound bursts) and the raw line
 * (a sample line for the alert: set only where it can become one). Serialized by
 * {@link CepSerializers.SignalSerializer}.
 */
@TypeInfo(Signal.TypeFactory.class)
public class Signal {

    public static final TypeInformation<Signal> TYPE = new SerializerTypeInfo<>(Signal.class, new CepSerializers.SignalSerializer());

    /** The {@code @TypeInfo} factory: {@link #TYPE}. */
    public static final class TypeFactory extends TypeInfoFactory<Signal> {
        @Override
        public TypeInformation<Signal> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }

    /** An {@link AlertKind} name. */
    public String kind;
    public String host;
    public String key;
    public long time;
    public long weight = 1;
    /** Counted toward the threshold (always true but for destination_blocklisted successes). */
    public boolean bad = true;
    /** For auth_guessed_success: the successful login. */
    public boolean success;
    public String[] domains;
    /** The client IP (AUTH attempts). */
    public String clientIp;
    public String line;

    public Signal() {
    }

    /** A copy (strings shared, the domain array copied). */
    public Signal copy() {
        Signal c = new Signal();
        c.kind = kind;
        c.host = host;
        c.key = key;
        c.time = time;
        c.weight = weight;
        c.bad = bad;
        c.success = success;
        c.domains = domains == null ? null : domains.clone();
        c.clientIp = clientIp;
        c.line = line;
        return c;
    }

    static Signal of(AlertKind kind, CepEvent e, String key) {
        Signal s = new Signal();
        s.kind = kind.name();
        s.host = e.host;
        s.key = key;
        s.time = e.time;
        s.line = e.line;
        return s;
    }

    public AlertKind alertKind() {
        return AlertKind.valueOf(kind);
    }

    /** (host, authid, client IP): a guessed password is one that works from the guessing client. */
    public static final class GuessKey implements org.apache.flink.api.java.functions.KeySelector<Signal, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Signal s) {
            return s.host + '\u0000' + s.key + '\u0000' + s.clientIp;
        }
    }

    /** (kind, host, key). */
    public static final class Key implements org.apache.flink.api.java.functions.KeySelector<Signal, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Signal s) {
            return s.kind + '\u0000' + s.host + '\u0000' + s.key;
        }
    }
}
