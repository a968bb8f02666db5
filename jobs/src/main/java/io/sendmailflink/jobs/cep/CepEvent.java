package io.sendmailflink.jobs.cep;

/**
 * The part of a {@code sendmail_parsed} row that traces and alerts read (a Flink POJO: public
 * fields, no-argument constructor). Field comments name the parser column.
 */
public class CepEvent {

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
    /** vendor_event_action. */
    public String action;
    /** vendor_address. */
    public String address;

    public CepEvent() {
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
