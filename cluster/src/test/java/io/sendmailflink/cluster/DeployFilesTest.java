package io.sendmailflink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every YAML file of {@code docker/} and {@code deploy/} parses, and every job reference in them
 * (jar path, entry class, arguments) is one the built jar accepts: arguments go through the jar's
 * own picocli command line ({@code SendmailFlink.commandLine(..).parseArgs}, nothing executed) on
 * the classpath the image has ({@code usrlib/sendmail-jobs.jar} + Flink's {@code lib/}).
 */
class DeployFilesTest {

    /** Where docker/Dockerfile puts the job jar; every job reference must name it. */
    static final String IMAGE_JOB_JAR = "/opt/flink/usrlib/sendmail-jobs.jar";
    /**
     * Commands that docker/ uses before the jar has them (another branch adds them). Each must be
     * unknown to the jar today; once it is known the test fails: remove it from here.
     */
    static final Set<String> PENDING_COMMANDS = Set.of();

    private static Path repo;
    private static URLClassLoader imageClasspath;
    private static String mainClass;

    @BeforeAll
    static void loadJar() throws Exception {
        repo = Paths.get(System.getProperty("sendmail.repo.dir", "..")).toAbsolutePath().normalize();
        Path jar = Paths.get(System.getProperty("sendmail.jobs.cluster.jar",
                repo.resolve("jobs/target/sendmail-jobs-cluster.jar").toString()));
        assertThat(jar).as("the cluster jar (mvn package of jobs)").isRegularFile();
        try (JarFile jf = new JarFile(jar.toFile())) {
            mainClass = jf.getManifest().getMainAttributes().getValue("Main-Class");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        try (Stream<Path> s = Files.list(FlinkCluster.flinkLib())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(p.toUri().toURL());
            }
        }
        imageClasspath = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws IOException {
        if (imageClasspath != null) {
            imageClasspath.close();
        }
    }

    /** The command path (e.g. [stream]) picocli parses {@code args} to, or the jar's error message. */
    static List<String> parse(List<String> args) throws Exception {
        Class<?> ioClass = Class.forName("io.sendmailflink.jobs.cli.Io", true, imageClasspath);
        Object io = ioClass.getConstructor(InputStream.class, java.io.OutputStream.class, PrintStream.class)
                .newInstance(InputStream.nullInputStream(), new ByteArrayOutputStream(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Class<?> main = Class.forName(mainClass, true, imageClasspath);
        Object cl = main.getMethod("commandLine", ioClass).invoke(null, io);
        Object result;
        try {
            result = cl.getClass().getMethod("parseArgs", String[].class).invoke(cl, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        }
        List<String> path = new ArrayList<>();
        Object sub = result;
        Method subcommand = sub.getClass().getMethod("subcommand");
        while ((sub = subcommand.invoke(sub)) != null) {
            Object spec = sub.getClass().getMethod("commandSpec").invoke(sub);
            path.add((String) spec.getClass().getMethod("name").invoke(spec));
        }
        return path;
    }

    static List<Path> yamlFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("docker", "deploy")) {
            try (Stream<Path> s = Files.walk(repo.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) throws IOException {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        List<Map<String, Object>> docs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Object doc : new Yaml(o).loadAll(in)) {
                if (doc != null) {
                    assertThat(doc).as("a YAML document of %s", file).isInstanceOf(Map.class);
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(List.class);
        return ((List<Object>) o).stream().map(String::valueOf).collect(Collectors.toList());
    }

    @Test
    void everyYamlFileParsesWithoutDuplicateKeys() throws Exception {
        List<Path> files = yamlFiles();
        assertThat(files).extracting(p -> repo.relativize(p).toString()).contains(
                "docker/docker-compose.yml", "docker/filebeat.yml", "deploy/flink-deployment.yaml",
                "deploy/flink-session-job.yaml", "deploy/kafka-topics.yaml",
                "deploy/logging/filebeat-sendmail-kafka.yml");
        for (Path f : files) {
            assertThat(load(f)).as("documents in %s", f).isNotEmpty();
        }
    }

    /** The jar the Dockerfile copies to usrlib/ is the cluster jar that jobs builds. */
    @Test
    void dockerfileCopiesTheBuiltJarsToWhereTheJobReferencesPoint() throws Exception {
        String dockerfile = Files.readString(repo.resolve("docker/Dockerfile"));
        assertThat(dockerfile).as("docker/Dockerfile base image")
                .containsPattern("(?m)^FROM flink:2\\.2\\.1-java17$");
        Map<String, String> copies = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^COPY (?:--chown=\\S+ )?(\\S+) (\\S+)$").matcher(dockerfile);
        while (m.find()) {
            copies.put(m.group(1), m.group(2));
        }
        assertThat(copies).as("COPY lines of docker/Dockerfile")
                .containsEntry("jobs/target/sendmail-jobs-cluster.jar", IMAGE_JOB_JAR)
                .containsEntry("udfs/target/sendmail-udfs.jar", "/opt/flink/lib/sendmail-udfs.jar");
        for (String src : copies.keySet()) {
            // sources are repository files, or what `mvn package` builds (present in this build)
            assertThat(repo.resolve(src)).as("COPY source %s of docker/Dockerfile", src).exists();
        }
        assertThat(dockerfile).as("docker/Dockerfile: no downloads at build time").doesNotContainPattern("(?m)^ADD ");
        assertThat(dockerfile.strip()).as("docker/Dockerfile ends as the image's unprivileged user")
                .containsPattern("(?m)^USER flink$");
    }

    @Test
    void composeJobCommandsParseWithTheJarsCommandLine() throws Exception {
        Map<String, Object> services = map(load(repo.resolve("docker/docker-compose.yml")).get(0).get("services"),
                "services of docker/docker-compose.yml");
        assertThat(services).containsKeys("kafka", "kafka-init", "jobmanager", "taskmanager", "stream-job",
                "sql-client", "dashboard", "generator", "filebeat");

        // flink run -m jobmanager:8081 -d <jar> ARGS: the jar, then its arguments
        List<String> run = strings(map(services.get("stream-job"), "stream-job").get("command"), "stream-job command");
        assertThat(run.subList(0, 2)).containsExactly("/opt/flink/bin/flink", "run");
        int jar = run.indexOf(IMAGE_JOB_JAR);
        assertThat(jar).as("%s in stream-job's command %s", IMAGE_JOB_JAR, run).isPositive();
        assertThat(run.subList(2, jar)).as("flink run options").containsExactly("-m", "jobmanager:8081", "-d");
        List<String> args = run.subList(jar + 1, run.size());
        assertThat(parse(args)).as("stream-job's arguments %s", args).containsExactly("stream");
        assertThat(args).contains("kafka:9092");

        // java -cp <jar>:lib/* <main class> ARGS
        for (String name : List.of("generator", "dashboard")) {
            Map<String, Object> service = map(services.get(name), name);
            List<String> entrypoint = strings(service.get("entrypoint"), name + " entrypoint");
            assertThat(entrypoint).as("%s entrypoint", name)
                    .containsExactly("java", "-cp", IMAGE_JOB_JAR + ":/opt/flink/lib/*", mainClass);
            List<String> command = strings(service.get("command"), name + " command");
            if (PENDING_COMMANDS.contains(command.get(0))) {
                assertThat(parseError(command)).as("%s: pending command %s (remove it from PENDING_COMMANDS"
                        + " once the jar has it)", name, command.get(0))
                        .contains("Unmatched argument", "from index 0: '" + command.get(0) + "'");
            } else {
                assertThat(parse(command)).as("%s's arguments %s", name, command).containsExactly(command.get(0));
            }
        }
    }

    private static String parseError(List<String> args) throws Exception {
        try {
            parse(args);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return fail("the jar accepts " + args);
    }

    @Test
    void operatorJobsNameTheJarTheEntryClassAndArgumentsTheJarAccepts() throws Exception {
        int jobs = 0;
        for (Path f : List.of(repo.resolve("deploy/flink-deployment.yaml"), repo.resolve("deploy/flink-session-job.yaml"))) {
            for (Map<String, Object> doc : load(f)) {
                Map<String, Object> spec = map(doc.get("spec"), "spec of " + doc.get("kind") + " in " + f);
                if (doc.get("kind").equals("FlinkDeployment")) {
                    assertThat(spec.get("flinkVersion")).as("flinkVersion in %s", f).isEqualTo("v2_2");
                    Map<String, Object> conf = map(spec.get("flinkConfiguration"), "flinkConfiguration in " + f);
                    assertThat(conf).as("flinkConfiguration in %s", f).containsKeys(
                            "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                            "high-availability.type", "high-availability.storageDir");
                    assertThat(String.valueOf(conf.get("execution.checkpointing.savepoint-dir")))
                            .as("savepoints on durable storage (%s)", f).doesNotStartWith("file:");
                }
                if (!spec.containsKey("job")) {
                    continue;
                }
                jobs++;
                Map<String, Object> job = map(spec.get("job"), "job in " + f);
                assertThat(job.get("entryClass")).as("entryClass in %s", f).isEqualTo(mainClass);
                assertThat(job.get("upgradeMode")).as("upgradeMode in %s", f).isEqualTo("savepoint");
                String jarUri = String.valueOf(job.get("jarURI"));
                if (doc.get("kind").equals("FlinkDeployment")) {
                    assertThat(jarUri).as("jarURI in %s", f).isEqualTo("local://" + IMAGE_JOB_JAR);
                } else {
                    assertThat(jarUri).as("jarURI in %s", f).endsWith("/sendmail-jobs.jar");
                }
                List<String> args = strings(job.get("args"), "args in " + f);
                assertThat(parse(args)).as("args in %s: %s", f, args).containsExactly("stream");
            }
        }
        assertThat(jobs).as("jobs in deploy/").isEqualTo(2);
    }

    /** Topic names and retention: the same in compose's kafka-init and Strimzi's KafkaTopics. */
    @Test
    void kafkaTopicsHaveTheSameNamesAndRetentionInComposeAndStrimzi() throws Exception {
        Map<String, Object> init = map(map(load(repo.resolve("docker/docker-compose.yml")).get(0).get("services"),
                "services").get("kafka-init"), "kafka-init");
        String script = String.join("\n", strings(init.get("command"), "kafka-init command"));
        Matcher loop = Pattern.compile("for t in ([a-z\\- ]+); do").matcher(script);
        assertThat(loop.find()).as("topic loop in kafka-init: %s", script).isTrue();
        Set<String> composeTopics = Set.of(loop.group(1).trim().split("\\s+"));
        assertThat(script).contains("--config retention.ms=7776000000", "--config segment.ms=86400000");

        Map<String, Map<String, Object>> strimzi = new TreeMap<>();
        for (Map<String, Object> doc : load(repo.resolve("deploy/kafka-topics.yaml"))) {
            assertThat(doc.get("kind")).isEqualTo("KafkaTopic");
            strimzi.put(String.valueOf(map(doc.get("metadata"), "metadata").get("name")),
                    map(map(doc.get("spec"), "spec").get("config"), "config"));
        }
        assertThat(strimzi.keySet()).as("Strimzi topics vs compose topics").isEqualTo(new java.util.TreeSet<>(composeTopics));
        assertThat(composeTopics).contains("sendmail-lines", "sendmail-events", "sendmail-aggregates",
                "sendmail-traces", "sendmail-alerts", "sendmail-dead-letter");
        strimzi.forEach((t, c) -> {
            assertThat(String.valueOf(c.get("retention.ms"))).as("retention.ms of %s: 90 days", t)
                    .isEqualTo(Long.toString(90L * 24 * 3600 * 1000));
            assertThat(String.valueOf(c.get("segment.ms"))).as("segment.ms of %s: one day", t)
                    .isEqualTo(Long.toString(24L * 3600 * 1000));
        });
    }

    /** The image's SQL client script runs the Kafka session of sql/README.md (files and placeholders). */
    @Test
    void imageSqlClientScriptRunsTheReadmeKafkaSession() throws Exception {
        String readme = Files.readString(repo.resolve("sql/README.md"));
        Matcher block = Pattern.compile("```bash\\n(export KAFKA_BOOTSTRAP_SERVERS.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("the Kafka block of sql/README.md").isTrue();
        String script = Files.readString(repo.resolve("docker/sql-client-kafka.sh"));
        assertThat(sqlFiles(script)).as("SQL files of docker/sql-client-kafka.sh vs sql/README.md")
                .isEqualTo(sqlFiles(block.group(1))).contains("sql/02_source_kafka.sql");
        assertThat(envsubst(script)).isEqualTo(envsubst(block.group(1)));
        assertThat(script).contains("-j /opt/flink/opt/flink-sql-connector-kafka-5.0.0-2.2.jar");
        for (String sql : sqlFiles(script)) {
            assertThat(repo.resolve(sql)).exists();
        }
        Map<String, Object> sqlClient = map(map(load(repo.resolve("docker/docker-compose.yml")).get(0)
                .get("services"), "services").get("sql-client"), "sql-client");
        assertThat(strings(sqlClient.get("command"), "sql-client command"))
                .containsExactly("/opt/sendmail/bin/sql-client-kafka.sh");
    }

    private static List<String> sqlFiles(String text) {
        Matcher m = Pattern.compile("sql/\\d\\d_[a-z_]+\\.sql").matcher(text);
        List<String> files = new ArrayList<>();
        while (m.find()) {
            files.add(m.group());
        }
        return files;
    }

    private static String envsubst(String text) {
        Matcher m = Pattern.compile("envsubst '([^']*)'").matcher(text);
        assertThat(m.find()).as("envsubst in %s", text).isTrue();
        return m.group(1);
    }
}
