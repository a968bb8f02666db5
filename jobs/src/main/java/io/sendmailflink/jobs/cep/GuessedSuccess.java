package io.sendmailflink.jobs.cep;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

/**
 * auth_guessed_success as a Flink CEP pattern over the AUTH lines of one (host, authid, client IP),
 * so that the account owner's own login from elsewhere does not count: at least
 * {@link CepOptions#guessedSuccessFailures()} failures in a row, then a success, all within
 * {@link CepOptions#guessedSuccessWithinMillis()}. Skipping past the last event of a match gives
 * one alert per guessing run, however many failures it had.
 */
public final class GuessedSuccess {

    static final String FAILURES = "failures";
    static final String SUCCESS = "success";

    private GuessedSuccess() {
    }

    public static Pattern<Signal, Signal> pattern(CepOptions o) {
        return Pattern.<Signal>begin(FAILURES, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(s -> !s.success))
                .timesOrMore((int) o.guessedSuccessFailures()).consecutive().greedy()
                .next(SUCCESS).where(SimpleCondition.of(s -> s.success))
                .within(Duration.ofMillis(o.guessedSuccessWithinMillis()));
    }

    /** A match to its alert. */
    public static final class ToAlert extends PatternProcessFunction<Signal, Alert> {
        private static final long serialVersionUID = 1L;
        private final int samples;

        public ToAlert(CepOptions o) {
            this.samples = o.sampleLines();
        }

        @Override
        public void processMatch(Map<String, List<Signal>> match, Context ctx, Collector<Alert> out) {
            List<Signal> failures = match.get(FAILURES);
            Signal success = match.get(SUCCESS).get(0);
            Alert a = new Alert();
            a.kind = AlertKind.AUTH_GUESSED_SUCCESS.wireName();
            a.severity = AlertKind.AUTH_GUESSED_SUCCESS.baseSeverity().wireName();
            a.keyType = AlertKind.AUTH_GUESSED_SUCCESS.keyType();
            a.key = success.key;
            a.host = success.host;
            a.firstTime = failures.get(0).time;
            a.lastTime = success.time;
            a.eventCount = failures.size();
            for (int i = 0; i < failures.size() && a.sampleLines.size() < samples - 1; i++) {
                if (failures.get(i).line != null) {
                    a.sampleLines.add(failures.get(i).line);
                }
            }
            if (success.line != null) {
                a.sampleLines.add(success.line);
            }
            a.description = "account " + success.key + " logged in on " + success.host + " after " + failures.size()
                    + " AUTH failures within " + BurstDetector.human(success.time - a.firstTime);
            out.collect(a);
        }
    }
}
