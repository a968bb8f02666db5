package io.sendmailflink.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster on this machine, as a distribution's {@code start-cluster.sh}
 * runs it: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager
 * ({@code TaskManagerRunner}) as separate JVM processes, their classpath the Flink jars that Maven
 * copied to {@code target/flink-lib} (a distribution's {@code lib/}), their memory options computed
 * by Flink's {@code BashJavaUtils} from {@code conf/config.yaml} as the scripts do. REST and RPC
 * listen on free ports of 127.0.0.1. Clients ({@code flink run}, the SQL client) run as child JVMs
 * with {@code FLINK_CONF_DIR} pointing at the same conf directory.
 *
 * <p>{@link #close()} destroys every process it started, whatever state they are in.
 */
final class FlinkCluster implements AutoCloseable {

    /** Flink's {@code env.java.opts.all} for Java 17 (from the distribution's config.yaml). */
    static final List<String> JAVA_17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path conf;
    private final Path log;
    private final String classpath;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int clients;

    /** Stops the processes if the test JVM ends without {@link #close()} (killed fork, Ctrl-C). */
    private final Thread shutdownHook = new Thread(this::destroyAll, "flink-cluster-shutdown");

    private FlinkCluster(Path home, String classpath, int restPort) {
        this.home = home;
        this.conf = home.resolve("conf");
        this.log = home.resolve("log");
        this.classpath = classpath;
        this.restPort = restPort;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Jars of {@code dir}, sorted, as a classpath. */
    static String classpathOf(Path... dirs) {
        List<String> jars = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the Flink jars in " + dir
                        + " (built by `mvn package` of the cluster module)", e);
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no jars in " + Arrays.toString(dirs));
        }
        return String.join(File.pathSeparator, jars);
    }

    static Path flinkLib() {
        return Paths.get(System.getProperty("sendmail.flink.lib", "target/flink-lib")).toAbsolutePath();
    }

    static Path flinkOpt() {
        return Paths.get(System.getProperty("sendmail.flink.opt", "target/flink-opt")).toAbsolutePath();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Writes {@code home}/conf and starts the JobManager, then the TaskManager, and waits until the
     * REST API reports one TaskManager with two slots.
     */
    static FlinkCluster start(Path home, Map<String, String> extraConf) throws Exception {
        Files.createDirectories(home);
        FlinkCluster c = new FlinkCluster(home.toAbsolutePath(), classpathOf(flinkLib()), freePort());
        try {
            c.writeConf(extraConf);
            c.startProcesses();
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void writeConf(Map<String, String> extraConf) throws IOException {
        Files.createDirectories(conf);
        Files.createDirectories(log);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(freePort()));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.numberOfTaskSlots", "2");
        c.put("taskmanager.memory.process.size", "2560m");
        // the jobs' ~40 window/batch aggregations need about this much managed memory (see the ITCases)
        c.put("taskmanager.memory.managed.size", "768m");
        // the backfill's BATCH shuffles: every blocking result partition (dozens per task: one per
        // aggregate) takes sort-shuffle.min-buffers (512 by default) buffers, so with the defaults a
        // task fails to deploy: "Insufficient number of network buffers: required 512, but only 0
        // available" (seen even with 384m of network memory)
        c.put("taskmanager.memory.network.min", "256m");
        c.put("taskmanager.memory.network.max", "256m");
        c.put("taskmanager.network.sort-shuffle.min-buffers", "64");
        // deploying ~100 tasks on a busy 2-core machine takes longer than the 10 s default
        c.put("pekko.ask.timeout", "60 s");
        c.put("heartbeat.timeout", "120 s");
        c.put("parallelism.default", "2");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
        c.put("io.tmp.dirs", home.resolve("tmp").toString());
        c.put("web.upload.dir", home.resolve("web-upload").toString());
        c.put("web.tmpdir", home.resolve("web-tmp").toString());
        c.putAll(extraConf);
        Files.createDirectories(home.resolve("tmp"));
        Files.createDirectories(home.resolve("web-upload"));
        StringBuilder yaml = new StringBuilder("# written by FlinkCluster (cluster ITCases)\n");
        c.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml.toString());
        String log4j = String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.append = true",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "");
        Files.writeString(conf.resolve("log4j.properties"), log4j);
        Files.writeString(conf.resolve("log4j-cli.properties"), log4j);
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    Path conf() {
        return conf;
    }

    Path home() {
        return home;
    }

    int restPort() {
        return restPort;
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    private void startProcesses() throws Exception {
        List<String> jm = bashJavaUtils("GET_JM_RESOURCE_PARAMS");
        Process jobManager = startJvm("jobmanager", jvmOptions(jm.get(0)),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", dynamicConfigs(jm));
        processes.add(jobManager);
        List<String> tm = bashJavaUtils("GET_TM_RESOURCE_PARAMS");
        Process taskManager = startJvm("taskmanager", jvmOptions(tm.get(0)),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", dynamicConfigs(tm));
        processes.add(taskManager);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a Flink process exited with " + p.exitValue()
                            + " while starting; logs:\n" + logTails());
                }
            }
            try {
                JsonNode o = get("/overview");
                last = o.toString();
                if (o.path("taskmanagers").asInt() == 1 && o.path("slots-total").asInt() == 2) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Flink cluster at " + restUrl() + " not up in 90 s (last: " + last
                + "); logs:\n" + logTails());
    }

    /** The result lines of {@code BashJavaUtils CMD --configDir conf}, as the distribution's scripts read them. */
    private List<String> bashJavaUtils(String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp", classpath,
                "-Dlog4j.configurationFile=" + conf.resolve("log4j-cli.properties").toUri(),
                "-Dlog.file=" + log.resolve("bash-java-utils.log"),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toString()));
        Result r = run(cmd, Map.of(), Duration.ofSeconds(60));
        String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
        List<String> results = r.output().lines().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim()).collect(Collectors.toList());
        if (r.exitCode() != 0 || results.isEmpty()) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed (exit " + r.exitCode() + "): "
                    + r.output());
        }
        return results;
    }

    private static List<String> jvmOptions(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** The second result line: {@code -D key=value ...} for the entry point's arguments. */
    private static List<String> dynamicConfigs(List<String> results) {
        return results.size() < 2 ? List.of()
                : Arrays.stream(results.get(1).trim().split("\\s+")).filter(s -> !s.isEmpty())
                        .collect(Collectors.toList());
    }

    private Process startJvm(String name, List<String> jvm, String mainClass, List<String> dynamic)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvm);
        cmd.addAll(JAVA_17_OPTS);
        cmd.add("-Dlog.file=" + log.resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        cmd.add("-Djava.io.tmpdir=" + home.resolve("tmp"));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(conf.toString());
        cmd.addAll(dynamic);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.resolve(name + ".out").toFile());
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        return pb.start();
    }

    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The output and exit code of a finished child process. */
    record Result(int exitCode, String output) {
    }

    /**
     * {@code flink ARGS} as the distribution's {@code bin/flink} runs it: {@code CliFrontend} in its
     * own JVM with {@code FLINK_CONF_DIR}, the lib classpath and Flink's JVM options.
     */
    Result flink(Duration timeout, String... args) throws Exception {
        int n = ++clients;
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx768m"));
        cmd.addAll(JAVA_17_OPTS);
        cmd.add("-Dlog.file=" + log.resolve("flink-client-" + n + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + conf.resolve("log4j-cli.properties").toUri());
        cmd.add("-Djava.io.tmpdir=" + home.resolve("tmp"));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("org.apache.flink.client.cli.CliFrontend");
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("FLINK_CONF_DIR", conf.toString()), timeout);
    }

    /** Runs a child process to its end (destroyed at the timeout); output and error merged. */
    static Result run(List<String> cmd, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("child-", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", cmd)
                        + "\noutput so far:\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            destroy(p);
            Files.deleteIfExists(out);
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The cluster's jobs (id, name, state) from {@code /jobs/overview}. */
    List<JsonNode> jobs() throws IOException, InterruptedException {
        List<JsonNode> jobs = new ArrayList<>();
        get("/jobs/overview").path("jobs").forEach(jobs::add);
        return jobs;
    }

    /** Waits until job {@code id} is in {@code state} (fails early when it reaches a terminal state instead). */
    JsonNode awaitJobState(String id, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get("/jobs/" + id);
            String s = last.path("state").asText();
            if (s.equals(state)) {
                return last;
            }
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(s)) {
                break;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + id + " is " + (last == null ? "unknown" : last.path("state"))
                + ", not " + state + "; exceptions: " + get("/jobs/" + id + "/exceptions") + "\nlogs:\n" + logTails());
    }

    /** The last lines of the JobManager's and TaskManager's logs, for failure messages. */
    String logTails() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("jobmanager.out", "jobmanager.log", "taskmanager.out", "taskmanager.log")) {
            Path p = log.resolve(f);
            try {
                if (Files.exists(p)) {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    sb.append("== ").append(p).append('\n');
                    lines.subList(Math.max(0, lines.size() - 40), lines.size())
                            .forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException e) {
                sb.append("(cannot read ").append(p).append(": ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    private static void destroy(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the TaskManager, then the JobManager (SIGTERM, then SIGKILL after 15 s). */
    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    private synchronized void destroyAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            destroy(processes.get(i));
        }
        processes.clear();
    }
}
