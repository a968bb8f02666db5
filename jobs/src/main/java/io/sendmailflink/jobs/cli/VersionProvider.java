package io.sendmailflink.jobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: this build's version and the Flink and Java it runs on, since a bug report
 * needs all three.
 *
 * <p>The version comes from the jar: the manifest's {@code Implementation-Version} when the build
 * writes one, else the {@code pom.properties} Maven puts in every jar (the shaded jar keeps it).
 * Run from {@code target/classes} (tests, IDE) there is neither: "development build".
 */
public final class VersionProvider implements IVersionProvider {

    static final String DEVELOPMENT = "development build";

    @Override
    public String[] getVersion() {
        return new String[] {
            "sendmail-flink " + version(),
            "Apache Flink " + flinkVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")",
        };
    }

    /** This build's version, or {@value #DEVELOPMENT}. */
    public static String version() {
        String v = SendmailFlink.class.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) {
            return v;
        }
        return mavenVersion("io.sendmailflink", "sendmail-jobs", DEVELOPMENT);
    }

    /**
     * The version of the Flink runtime on the class path, from the properties file flink-runtime
     * carries (read directly: Flink's {@code EnvironmentInformation} would start logging).
     */
    static String flinkVersion() {
        return property("/.flink-runtime.version.properties", "project.version", "unknown");
    }

    private static String mavenVersion(String groupId, String artifactId, String otherwise) {
        return property("/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties", "version", otherwise);
    }

    private static String property(String resource, String key, String otherwise) {
        try (InputStream in = VersionProvider.class.getResourceAsStream(resource)) {
            if (in == null) {
                return otherwise;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, otherwise);
        } catch (IOException e) {
            return otherwise;
        }
    }
}
