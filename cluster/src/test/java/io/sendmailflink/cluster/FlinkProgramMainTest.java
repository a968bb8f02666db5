package io.sendmailflink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.FlinkUserCodeClassLoaders;
import org.apache.flink.util.MutableURLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The jar's main as Flink runs it (loaded by Flink's child-first user-code class loader, as
 * {@code flink run} and a JobManager in application mode do): it must return, not exit the JVM
 * (which in application mode is the JobManager's). A {@code System.exit} here would end this test
 * JVM, and the run would fail.
 */
class FlinkProgramMainTest {

    @Test
    void mainReturnsOnSuccessAndThrowsOnAnErrorWhenLoadedAsFlinkUserCode() throws Exception {
        Path jar = Paths.get(System.getProperty("sendmail.jobs.cluster.jar", "../jobs/target/sendmail-jobs-cluster.jar"));
        assertThat(jar).as("the cluster jar (mvn package of jobs)").isRegularFile();
        try (MutableURLClassLoader userCode = FlinkUserCodeClassLoaders.create(new URL[] {jar.toUri().toURL()},
                getClass().getClassLoader(), new Configuration())) {
            Class<?> main = Class.forName("io.sendmailflink.jobs.cli.SendmailFlink", true, userCode);
            assertThat(main.getClassLoader()).as("defining loader").isNotSameAs(getClass().getClassLoader());
            Method m = main.getMethod("main", String[].class);

            m.invoke(null, (Object) new String[] {"--version"});

            assertThatThrownBy(() -> m.invoke(null, (Object) new String[] {"no-such-command"}))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sendmail-flink no-such-command")
                    .hasMessageContaining("exit code 2");
        }
    }
}
