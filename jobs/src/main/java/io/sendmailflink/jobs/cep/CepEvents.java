package io.sendmailflink.jobs.cep;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import org.apache.flink.util.Collector;

/**
 * The parser's event to the {@link CepEvent}s that traces and alerts read, without a row in
 * between: the same values {@code RowToEvents} (the row-based conversion this replaced, kept in the tests as the reference) takes from a {@code sendmail_parsed} row (the
 * parser's columns as {@code PARSE_SENDMAIL} gives them), and only the columns the CEP reads.
 */
public final class CepEvents {

    private CepEvents() {
    }

    /**
     * Emits the line's event, and for a line about a new envelope ({@code <qid>: <newqid>: DSN:
     * ...}, {@code sender notify}, {@code return to sender}, {@code postmaster notify},
     * {@code clone}) also the {@link CepEvent#PARENT_HINT} for the new envelope; nothing for an
     * unparsed line. Call it after parsing {@code line} into {@code e} and before the next parse
     * (the parser may reuse {@code e}); the events share no mutable state with {@code e}.
     *
     * @param eventTimeMillis the line's event time: the parsed timestamp, else the reference time
     *     (as the {@code event_time} column)
     */
    public static void fromParsed(SendmailEvent e, String line, long eventTimeMillis, Collector<CepEvent> out) {
        String type = e.getString(Field.EVENT_TYPE);
        if (type == null || type.equals("unparsed")) {
            return;
        }
        CepEvent c = new CepEvent();
        c.host = e.getString(Field.SOURCE);
        c.qid = e.getString(Field.EMAIL_UID);
        c.pid = e.getString(Field.PROCESS_ID);
        c.time = eventTimeMillis;
        c.eventType = type;
        c.subtype = e.getString(Field.VENDOR_EVENT_SUBTYPE);
        c.message = e.getString(Field.MESSAGE);
        c.line = line;
        c.from = e.getString(Field.EMAIL_FROM);
        c.size = e.getLongOrNull(Field.EMAIL_SIZE);
        c.nrcpts = e.getLongOrNull(Field.VENDOR_NRCPTS);
        c.messageId = e.getString(Field.EMAIL_MESSAGE_ID);
        c.protocol = e.getString(Field.NETWORK_PROTOCOL);
        c.clientHost = e.getString(Field.SOURCE_HOSTNAME);
        c.clientIp = e.getString(Field.SOURCE_IP);
        c.authid = e.getString(Field.VENDOR_AUTHID);
        c.mech = e.getString(Field.VENDOR_MECH);
        c.authRole = e.getString(Field.VENDOR_AUTH);
        c.outcome = e.getString(Field.VENDOR_EVENT_OUTCOME);
        c.tlsRole = e.getString(Field.VENDOR_STARTTLS);
        c.tlsVersion = e.getString(Field.VENDOR_TLS_VERSION);
        c.to = e.has(Field.EMAIL_TO_LIST) ? e.getList(Field.EMAIL_TO_LIST).toArray(new String[0]) : null;
        c.status = e.getString(Field.VENDOR_STATUS);
        c.dsn = e.getString(Field.VENDOR_DSN);
        c.reply = e.getString(Field.VENDOR_REPLY);
        c.statusFull = e.getString(Field.VENDOR_STATUS_FULL);
        c.mailer = e.getString(Field.VENDOR_MAILER);
        c.destHost = e.getString(Field.DESTINATION_HOSTNAME);
        c.destIp = e.getString(Field.DESTINATION_IP);
        c.delaySeconds = e.getLongOrNull(Field.VENDOR_DELAY_TOTAL_SECONDS);
        c.relatedQid = e.getString(Field.VENDOR_RELATED_EMAIL_UID);
        c.responseMessage = e.getString(Field.VENDOR_SMTP_RESPONSE_MESSAGE);
        c.reject = e.getString(Field.VENDOR_REJECT);
        c.address = e.getString(Field.VENDOR_ADDRESS);
        emitWithHint(c, out);
    }

    /**
     * Emits the event, then the parent hint of a line about a new envelope (see
     * {@link #fromParsed}), if it is one; the hint is made before the event leaves (object reuse).
     */
    static void emitWithHint(CepEvent e, Collector<CepEvent> out) {
        CepEvent hint = null;
        if (e.relatedQid != null && e.qid != null && e.host != null && !e.relatedQid.equals(e.qid)) {
            hint = new CepEvent();
            hint.host = e.host;
            hint.qid = e.relatedQid;
            hint.relatedQid = e.qid;
            hint.time = e.time;
            hint.eventType = CepEvent.PARENT_HINT;
            hint.subtype = e.subtype;
        }
        out.collect(e);
        if (hint != null) {
            out.collect(hint);
        }
    }
}
