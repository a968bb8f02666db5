/**
 * Message traces and attack alerts, from the parsed lines, in backfill (BATCH) and streaming alike.
 * Entry point: {@link io.sendmailflink.jobs.cep.CepWorkflow#attach}; settings:
 * {@link io.sendmailflink.jobs.cep.CepOptions}; record contracts {@code message_traces} and
 * {@code sendmail_alerts} ({@link io.sendmailflink.jobs.cep.CepJson}); outputs {@code out/traces/}, {@code out/alerts/} and the Kafka topics
 * {@code sendmail-traces}, {@code sendmail-alerts} (one JSON object per line, times ISO-8601 UTC
 * with milliseconds, missing values omitted).
 *
 * <h2>Traces</h2>
 * Stages (all event time): receipts take the TLS version and AUTH identity of their SMTP session
 * (key host + process ID, {@link io.sendmailflink.jobs.cep.SessionEnricher}, remembered 30 min);
 * lines are folded per (host, queue ID) ({@link io.sendmailflink.jobs.cep.TraceFunction}); copies
 * of one message on our hosts are linked by message ID ({@link io.sendmailflink.jobs.cep.TraceLinker}).
 * A DSN / {@code sender notify} / {@code return to sender} / {@code postmaster notify} line
 * ({@code <qid>: <newqid>: ...}) sets {@code bounce_queue_id} on its trace and
 * {@code parent_queue_id} on the new envelope's trace; a message handed over between our own
 * processes or hosts (loopback client, or relay/client named after the other host) gets the
 * upstream queue ID as {@code parent_queue_id}.
 *
 * <p>When a trace is emitted (time-out semantics):
 * <ul>
 *   <li>finished (a receipt, and every recipient, at least {@code nrcpts} of them, sent or
 *       bounced; or a receipt with {@code nrcpts=0}): {@code lateness} (default 2 min) after its
 *       last line, so late and out-of-order lines, DSN lines included, still join;</li>
 *   <li>otherwise {@code trace time-out} (default 6 h) of silence after its last line: a deferred
 *       recipient retried within 6 h keeps the trace open (Sendmail retries at the queue interval,
 *       doubling); later retries start a new trace (no receipt: {@code incomplete});</li>
 *   <li>lines of a queue ID that never became a message (pre-greeting, did-not-issue, VRFY, AUTH
 *       or TLS of a session without MAIL) make no trace; their state ends after the session
 *       time-out (30 min). They are still events and feed the alerts;</li>
 *   <li>at the end of a bounded input (backfill) every open trace is emitted by the same rules:
 *       nothing is dropped, and the still-open ones show as {@code deferred_pending} or
 *       {@code incomplete}.</li>
 * </ul>
 * Every key has at most one timer, at most one time-out after its last line: state is bounded
 * by (traces started per second) × time-out. A trace keeps at most 500 steps and 1000 recipients
 * (the lines beyond are counted, not listed). A line arriving after its trace was emitted starts a
 * new trace rather than being dropped. In BATCH mode, where timers fire only at the end of a key,
 * a line at or after the open trace's deadline closes it first, so both modes cut traces alike.
 *
 * <p>Outcome (first rule that matches):
 * <ol>
 *   <li>{@code rejected}: no delivery, and either a receipt with {@code nrcpts=0} (every
 *       recipient refused in the SMTP dialogue) or, without a receipt, a ruleset/milter rejection;</li>
 *   <li>{@code incomplete}: no receipt (deliveries of a queue run after a restart, or lines whose
 *       receipt predates the input), or a receipt without any delivery;</li>
 *   <li>{@code deferred_pending}: some recipient's latest status is deferred (4.x.x, Deferred,
 *       queued);</li>
 *   <li>{@code delivered}: every recipient sent (2.x.x / Sent); {@code bounced}: every recipient
 *       5.x.x; {@code partially_delivered}: both.</li>
 * </ol>
 * Reconciliation: of the traces with a receipt and {@code nrcpts > 0} (= {@code received} of
 * {@code agg_overview_messages}), each is delivered, partially_delivered, bounced,
 * deferred_pending or incomplete (receipt without delivery yet); receipts with {@code nrcpts=0}
 * are rejected. So received = delivered + partially_delivered + bounced + deferred_pending +
 * incomplete-with-receipt, and the sums of {@code delivered_count} / {@code bounced_count} equal
 * the recipients the aggregates count as delivered / bounced. {@code end_to_end_delay_seconds} is
 * last line − receipt (milliseconds kept); Sendmail's {@code delay=} ({@code reported_delay_seconds},
 * the largest on the trace's deliveries) measures the same span in whole seconds. Recipient
 * {@code status} is normalized to sent, deferred or bounced; steps keep Sendmail's {@code stat=}.
 *
 * <h2>Alerts</h2>
 * One alert per burst: a burst starts when a key's events within the window reach the threshold,
 * takes every further event until the quiet period passes without one, and is emitted then (first
 * and last time, total count, first 5 lines). Severity is the kind's, one level higher when the
 * count reaches 5× the threshold. Defaults (all settable in {@link io.sendmailflink.jobs.cep.CepOptions}),
 * per (kind, host, key):
 * <table>
 *   <caption>alert rules</caption>
 *   <tr><th>kind</th><th>key</th><th>counts</th><th>default</th><th>severity</th></tr>
 *   <tr><td>pregreet_scan</td><td>client_ip</td><td>pre-greeting rejections</td><td>10 in 10 min, quiet 10 min</td><td>low</td></tr>
 *   <tr><td>discovery_scan</td><td>client_ip</td><td>rejected VRFY/EXPN</td><td>10 in 10 min</td><td>medium</td></tr>
 *   <tr><td>invalid_connection_scan</td><td>client_ip</td><td>"did not issue MAIL/EXPN/VRFY/ETRN"</td><td>10 in 10 min</td><td>low</td></tr>
 *   <tr><td>relay_probing</td><td>client_ip</td><td>ruleset rejections "Relaying denied"</td><td>10 in 10 min</td><td>medium</td></tr>
 *   <tr><td>dictionary_attack</td><td>client_ip</td><td>ruleset rejections and usrerr lines "User unknown"</td><td>10 in 10 min</td><td>medium</td></tr>
 *   <tr><td>auth_password_guessing</td><td>client_ip</td><td>AUTH failures</td><td>10 in 10 min</td><td>high</td></tr>
 *   <tr><td>auth_guessed_success</td><td>authid</td><td>Flink CEP: ≥ 5 consecutive AUTH failures for the authid from one
 *       client IP, then a success from that IP, within 30 min (count = failures)</td><td>5 in 30 min</td><td>critical</td></tr>
 *   <tr><td>outbound_burst</td><td>sender</td><td>recipients of authenticated messages sent by an SMTP mailer
 *       (esmtp, smtp, smtp8, dsmtp), counted when the trace learns them</td><td>20 recipients in ≥ 6 domains in 5 min, quiet 10 min</td><td>high</td></tr>
 *   <tr><td>destination_blocklisted</td><td>destination_domain</td><td>SMTP delivery attempts to the domain
 *       deferred or rejected (greylisting excluded)</td><td>10 in 30 min and ≥ 80 % of the attempts, quiet 30 min</td><td>high</td></tr>
 * </table>
 * In BATCH mode a signal after the quiet period ends the open burst first, as a timer would in
 * streaming.
 *
 * <h2>Equal times</h2>
 * Lines of one key with the same event time (RFC 3164 times have whole seconds) are taken in the
 * order they arrive, which in BATCH mode is the order of its sort by key and time and varies from
 * run to run: so may the order of a trace's steps of one second, of recipients first seen in the
 * same second, and which of a burst's lines of one second make the cut of its sample lines. Every
 * count, time, outcome and link is the same.
 *
 * <h2>Implementation</h2>
 * Entry point {@link io.sendmailflink.jobs.cep.CepWorkflow#attach(org.apache.flink.streaming.api.datastream.DataStream,
 * io.sendmailflink.jobs.cep.CepOptions)} on {@link io.sendmailflink.jobs.cep.CepEvents#fromParsed} events;
 * JSON lines from {@link io.sendmailflink.jobs.cep.CepJson}. Records and states have hand-written
 * serializers ({@link io.sendmailflink.jobs.cep.CepSerializers}, savepoint snapshots included), and the
 * records crossing an exchange carry only what the next stage reads (see the views of
 * {@link io.sendmailflink.jobs.cep.CepEvent}).
 */
package io.sendmailflink.jobs.cep;
