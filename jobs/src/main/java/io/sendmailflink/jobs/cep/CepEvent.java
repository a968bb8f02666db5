package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The part of a parsed line that traces and alerts read (public fields, no-argument constructor).
 * Field comments name the parser column. Serialized by {@link CepSerializers.EventSerializer}
 * (through {@link TypeFactory}); {@link #SESSION_VIEW} and {@link #TRACE_VIEW} are the narrower
 * types of the exchanges into the session and trace stages. Built from the parser's event by {@link CepEvents#fromParsed}.
 */
@TypeInfo(CepEvent.TypeFactory.class)
public class CepEvent {

    /** Every field (the type Flink extracts for this class). */
    public static final TypeInformation<CepEvent> TYPE =
            new SerializerTypeInfo<>(CepEvent.class, new CepSerializers.EventSerializer(CepSerializers.EventSerializer.FULL));
    /**
     * What the session stage reads and passes on: receipts without the SMTP response text (the
     * alert signals take it before the exchange); of the STARTTLS and AUTH lines only the key,
     * time, TLS version and AUTH fields.
     */
    public static final TypeInformation<CepEvent> SESSION_VIEW =
            new SerializerTypeInfo<>(CepEvent.class, new CepSerializers.EventSerializer(CepSerializers.EventSerializer.SESSION));
    /** What the trace stage reads: as {@link #SESSION_VIEW}, and a receipt's line only with an AUTH identity. */
    public static final TypeInformation<CepEvent> TRACE_VIEW =
            new SerializerTypeInfo<>(CepEvent.class, new CepSerializers.EventSerializer(CepSerializers.EventSerializer.TRACE));

    /** The {@code @TypeInfo} factory: {@link #TYPE}. */
    public static final class TypeFactory extends TypeInfoFactory<CepEvent> {
        @Override
        public TypeInformation<CepEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }

    /** A {@link #eventType} that is not a line: "the envelope {@link #qid} was created by {@link #relatedQid}". */
    public static final String PARENT_HINT = "_parent";

    /** source. */
    public String host;
    /** email_uid. */
    public String qid;
    /** process_id. */
    public String pid;
    /** event_time, epoch milliseconds. */
    public long time;
    public String eventType;
    /** vendor_event_subtype. */
    public String subtype;
    /** message: the Sendmail text after the syslog header. */
    public String message;
    /** line: the raw line as read. */
    public String line;
    /** email_from. */
    public String from;
    /** email_size. */
    public Long size;
    /** vendor_nrcpts. */
    public Long nrcpts;
    /** email_message_id. */
    public String messageId;
    /** network_protocol. */
    public String protocol;
    /** source_hostname. */
    public String clientHost;
    /** source_ip. */
    public String clientIp;
    /** vendor_authid. */
    public String authid;
    /** vendor_mech. */
    public String mech;
    /** vendor_auth: server or client. */
    public String authRole;
    /** vendor_event_outcome: success or failure. */
    public String outcome;
    /** vendor_starttls: server or client. */
    public String tlsRole;
    /** vendor_tls_version. */
    public String tlsVersion;
    /** email_to_list. */
    public String[] to;
    /** vendor_status. */
    public String status;
    /** vendor_dsn. */
    public String dsn;
    /** vendor_reply. */
    public String reply;
    /** vendor_status_full. */
    public String statusFull;
    /** vendor_mailer. */
    public String mailer;
    /** destination_hostname. */
    public String destHost;
    /** destination_ip. */
    public String destIp;
    /** vendor_delay_total_seconds. */
    public Long delaySeconds;
    /** vendor_related_email_uid. */
    public String relatedQid;
    /** vendor_smtp_response_message. */
    public String responseMessage;
    /** vendor_reject. */
    public String reject;
    /** vendor_address. */
    public String address;

    public CepEvent() {
    }

    /** A copy (strings are shared, the recipient array is not). */
    public CepEvent copy() {
        CepEvent c = new CepEvent();
        c.host = host;
        c.qid = qid;
        c.pid = pid;
        c.time = time;
        c.eventType = eventType;
        c.subtype = subtype;
        c.message = message;
        c.line = line;
        c.from = from;
        c.size = size;
        c.nrcpts = nrcpts;
        c.messageId = messageId;
        c.protocol = protocol;
        c.clientHost = clientHost;
        c.clientIp = clientIp;
        c.authid = authid;
        c.mech = mech;
        c.authRole = authRole;
        c.outcome = outcome;
        c.tlsRole = tlsRole;
        c.tlsVersion = tlsVersion;
        c.to = to == null ? null : to.clone();
        c.status = status;
        c.dsn = dsn;
        c.reply = reply;
        c.statusFull = statusFull;
        c.mailer = mailer;
        c.destHost = destHost;
        c.destIp = destIp;
        c.delaySeconds = delaySeconds;
        c.relatedQid = relatedQid;
        c.responseMessage = responseMessage;
        c.reject = reject;
        c.address = address;
        return c;
    }

    boolean is(String type) {
        return type.equals(eventType);
    }

    /** The destination relay as Sendmail names it: host name, else [ip]. */
    String relay() {
        if (destHost != null) {
            return destHost;
        }
        return destIp == null ? null : "[" + destIp + "]";
    }
}
