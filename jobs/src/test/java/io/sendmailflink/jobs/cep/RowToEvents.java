package io.sendmailflink.jobs.cep;

import java.time.Instant;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * A {@code sendmail_parsed} row to the {@link CepEvent} traces and alerts read; unparsed lines
 * and lines without a time are left out. A line about a new envelope ({@code <qid>: <newqid>:
 * DSN: ...}, {@code sender notify}, {@code return to sender}, {@code postmaster notify},
 * {@code clone}) also yields a {@link CepEvent#PARENT_HINT} for the new envelope, so that its
 * trace learns its parent although it is keyed apart.
 */
public final class RowToEvents implements FlatMapFunction<Row, CepEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Row row, Collector<CepEvent> out) {
        String type = str(row, "event_type");
        Object t = row.getField("event_time");
        if (type == null || type.equals("unparsed") || !(t instanceof Instant)) {
            return;
        }
        CepEvent e = new CepEvent();
        e.host = str(row, "source");
        e.qid = str(row, "email_uid");
        e.pid = str(row, "process_id");
        e.time = ((Instant) t).toEpochMilli();
        e.eventType = type;
        e.subtype = str(row, "vendor_event_subtype");
        e.message = str(row, "message");
        e.line = str(row, "line");
        e.from = str(row, "email_from");
        e.size = lng(row, "email_size");
        e.nrcpts = lng(row, "vendor_nrcpts");
        e.messageId = str(row, "email_message_id");
        e.protocol = str(row, "network_protocol");
        e.clientHost = str(row, "source_hostname");
        e.clientIp = str(row, "source_ip");
        e.authid = str(row, "vendor_authid");
        e.mech = str(row, "vendor_mech");
        e.authRole = str(row, "vendor_auth");
        e.outcome = str(row, "vendor_event_outcome");
        e.tlsRole = str(row, "vendor_starttls");
        e.tlsVersion = str(row, "vendor_tls_version");
        Object to = row.getField("email_to_list");
        e.to = to instanceof String[] ? ((String[]) to).clone() : null;
        e.status = str(row, "vendor_status");
        e.dsn = str(row, "vendor_dsn");
        e.reply = str(row, "vendor_reply");
        e.statusFull = str(row, "vendor_status_full");
        e.mailer = str(row, "vendor_mailer");
        e.destHost = str(row, "destination_hostname");
        e.destIp = str(row, "destination_ip");
        e.delaySeconds = lng(row, "vendor_delay_total_seconds");
        e.relatedQid = str(row, "vendor_related_email_uid");
        e.responseMessage = str(row, "vendor_smtp_response_message");
        e.reject = str(row, "vendor_reject");
        e.address = str(row, "vendor_address");
        CepEvents.emitWithHint(e, out);
    }

    private static String str(Row r, String name) {
        Object v = r.getField(name);
        return v == null ? null : v.toString();
    }

    private static Long lng(Row r, String name) {
        Object v = r.getField(name);
        return v instanceof Number ? ((Number) v).longValue() : null;
    }
}
