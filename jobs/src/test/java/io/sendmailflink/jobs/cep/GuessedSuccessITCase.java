package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The auth_guessed_success CEP pattern on a MiniCluster (parallelism 2), in both execution modes. */
class GuessedSuccessITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(Configuration.fromMap(Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    static List<Signal> signals(List<String> lines) {
        List<Signal> out = new ArrayList<>();
        for (String l : lines) {
            for (CepEvent e : Lines.events(l)) {
                new Signals.AuthAttempts().flatMap(e, new org.apache.flink.util.Collector<>() {
                    @Override
                    public void collect(Signal s) {
                        out.add(s);
                    }

                    @Override
                    public void close() {
                    }
                });
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(RuntimeExecutionMode.class)
    void failuresThenSuccessForOneAccountIsOneAlertAndAFewFailuresAreNone(RuntimeExecutionMode mode) throws Exception {
        List<String> lines = new ArrayList<>();
        // the attack: 23 failures in sessions of 3-5, then the password works
        lines.addAll(Bursts.burst(Bursts.AUTH_FAILURE, T0, 23, 9));
        lines.addAll(Bursts.burst(Bursts.AUTH_SUCCESS, T0.plusSeconds(23 * 9 + 30), 1, 1));
        // a user who mistypes twice, then logs in: normal
        String other = Bursts.AUTH_FAILURE.replace("fedwards", "alice").replace("203.0.113.201", "192.0.2.50");
        lines.addAll(Bursts.burst(other, T0.plusSeconds(5), 2, 4));
        lines.addAll(Bursts.burst(Bursts.AUTH_SUCCESS.replace("fedwards", "alice").replace("203.0.113.201",
                "192.0.2.50"), T0.plusSeconds(20), 1, 1));
        // the owner logs in from the workstation while the guessing goes on: not the guessed password
        lines.addAll(Bursts.burst(Bursts.AUTH_SUCCESS.replace("bot201.botnet.example.org [203.0.113.201] (may be forged)",
                "ws1.corp.example [192.0.2.7]"), T0.plusSeconds(100), 1, 1));
        // six failures, then a success too late (beyond 30 min)
        String slow = Bursts.AUTH_FAILURE.replace("fedwards", "bob");
        lines.addAll(Bursts.burst(slow, T0, 6, 60));
        lines.addAll(Bursts.burst(Bursts.AUTH_SUCCESS.replace("fedwards", "bob"), T0.plus(Duration.ofMinutes(40)), 1, 1));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.setRuntimeMode(mode);
        DataStream<Signal> auth = env.fromData(Signal.class, signals(lines).toArray(new Signal[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Signal>forBoundedOutOfOrderness(Duration.ofMinutes(1))
                        .withTimestampAssigner((s, ts) -> s.time));
        CepOptions o = new CepOptions();
        List<Alert> alerts = new ArrayList<>();
        try (CloseableIterator<Alert> it = CEP.pattern(auth.keyBy(new Signal.GuessKey()), GuessedSuccess.pattern(o))
                .process(new GuessedSuccess.ToAlert(o)).executeAndCollect()) {
            it.forEachRemaining(alerts::add);
        }
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.kind).isEqualTo("auth_guessed_success");
        assertThat(a.keyType).isEqualTo("authid");
        assertThat(a.key).isEqualTo("fedwards");
        assertThat(a.host).isEqualTo("relay1");
        assertThat(a.severity).isEqualTo("critical");
        assertThat(a.eventCount).isEqualTo(23);
        assertThat(a.firstTime).isEqualTo(T0.toEpochMilli());
        assertThat(a.lastTime).isEqualTo(T0.plusSeconds(23 * 9 + 30).toEpochMilli());
        assertThat(a.sampleLines).hasSize(5);
        assertThat(a.sampleLines.get(4)).contains("AUTH=server", "authid=fedwards");
    }
}
