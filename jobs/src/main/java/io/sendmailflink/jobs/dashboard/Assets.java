package io.sendmailflink.jobs.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/** The page's static files, read once from the jar. */
final class Assets {

    static final String ECHARTS_VERSION = "5.3.1";
    static final String INDEX = "dashboard/index.html";
    static final String APP_JS = "dashboard/app.js";
    static final String APP_CSS = "dashboard/app.css";
    static final String ECHARTS = "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";

    private static final ConcurrentHashMap<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Assets() {
    }

    static byte[] bytes(String resource) {
        return CACHE.computeIfAbsent(resource, r -> {
            try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard resource " + r + " is missing from the classpath");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dashboard resource " + r, e);
            }
        });
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }
}
