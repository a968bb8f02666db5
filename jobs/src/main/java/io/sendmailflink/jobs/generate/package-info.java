/**
 * Realistic Sendmail traffic with ground truth, for demos, tests and benchmarks (no Flink here).
 *
 * <ul>
 *   <li>{@link io.sendmailflink.jobs.generate.LogGenerator}: the lines, deterministic for a
 *       {@link io.sendmailflink.jobs.generate.GeneratorOptions} (seed, start, rate, hosts, envelope
 *       mix, noise, attacks, payloads).</li>
 *   <li>{@link io.sendmailflink.jobs.generate.GeneratorStats}: what the lines written so far
 *       contain, counted as the parser must see it (lines per event type, messages, deliveries,
 *       deferrals, bounces, rejections, bytes, noise, payload fields) and the
 *       {@link io.sendmailflink.jobs.generate.InjectedAttack}s with their hosts, attacker IPs,
 *       accounts, first and last times and line counts. {@code generate --truth FILE} writes it as
 *       JSON.</li>
 *   <li>{@link io.sendmailflink.jobs.generate.LineSink}s: a byte stream (file, gzip, standard
 *       output) or a Kafka topic (key = host).</li>
 * </ul>
 *
 * <p>Testing a detector (CEP pattern, alert, dashboard) against the truth: generate with
 * {@code withAttacks(...)}, run the detector over the lines, and compare what it reports with
 * {@code stats().attacks()}: each attack is one attacker IP (or, for AUTH guessing, one account)
 * on one host, with {@code count} characteristic lines of {@link
 * io.sendmailflink.jobs.generate.AttackKind#lineType()} between {@code first} and {@code last}.
 * Attackers use addresses background traffic never uses (203.0.113.192/26, 2001:db8:bad::/48), so
 * a detector that fires on background traffic is a false positive. Background scanners and spammers
 * (203.0.113.1-191, 2001:db8:f00::/48, about 215 addresses) act in short bursts of one to three
 * lines, spread over all their addresses; at the default rate each address makes a few such lines an
 * hour (the share grows with the rate), attackers dozens within minutes. Attacks of one kind repeat every
 * {@link io.sendmailflink.jobs.generate.GeneratorOptions#attackIntervalSeconds()}, each from a new
 * address.
 */
package io.sendmailflink.jobs.generate;
