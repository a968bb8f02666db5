package io.sendmailflink.jobs.generate;

import java.time.Instant;

/**
 * One injected attack, as far as it was written: only lines already returned by the generator
 * are counted, so a run cut short in the middle of an attack reports what is in its output.
 *
 * @param kind what the attacker did
 * @param host the attacked host (the syslog {@code source} of its lines)
 * @param clientIp the attacker's IP as the parser reports it in {@code source_ip} (IPv6 without
 *     the {@code IPv6:} tag)
 * @param authid the attacked account for {@link AttackKind#AUTH_GUESSING}, else null
 * @param first time of the first counted line
 * @param last time of the last counted line; for AUTH guessing, of the successful login once it
 *     was written
 * @param count number of characteristic lines written (of type {@link AttackKind#lineType()}):
 *     pre-greeting rejections, rejected VRFY/EXPN, "did not issue" lines, AUTH failures, relaying
 *     denials, unknown-user rejections
 * @param succeeded for AUTH guessing: whether the successful {@code AUTH=server} line was written
 */
public record InjectedAttack(
        AttackKind kind, String host, String clientIp, String authid, Instant first, Instant last, long count,
        boolean succeeded) {

    /** What a detector groups by: the account for AUTH guessing, else the client IP. */
    public String key() {
        return authid != null ? authid : clientIp;
    }
}
