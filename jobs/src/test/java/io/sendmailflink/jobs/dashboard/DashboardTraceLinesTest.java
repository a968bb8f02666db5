package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TraceLines splits as Files.readAllLines does, and each line reads back from its offset. */
class DashboardTraceLinesTest {

    @TempDir
    Path dir;

    private static List<String> lines(Path f) throws IOException {
        List<String> l = new ArrayList<>();
        TraceLines.forEach(f, (n, offset, length, line) -> {
            assertThat(n).isEqualTo(l.size() + 1);
            try (FileChannel ch = TraceLines.open(f)) {
                assertThat(TraceLines.read(ch, offset, length)).as("line %d read back", n).isEqualTo(line);
            }
            l.add(line);
        });
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n", "\r\n\r\n", "\r\r\n\n", "a\r\n\rb",
        "{\"x\": \"J\u00f6rg \u20ac \uD83D\uDE00\"}\n{}"})
    void splitsAsReadAllLines(String text) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), text, StandardCharsets.UTF_8);
        assertThat(lines(f)).containsExactlyElementsOf(Files.readAllLines(f, StandardCharsets.UTF_8));
    }

    @Test
    void lineEndsAndCharactersAcrossTheReadBufferAndLongLines() throws IOException {
        int buffer = 1 << 16;
        for (int shift = -3; shift <= 3; shift++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes("x".repeat(buffer - 1 + shift).getBytes(StandardCharsets.US_ASCII));
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // CR and LF in two reads
            b.writeBytes(("\u20ac".repeat(buffer) + "\n").getBytes(StandardCharsets.UTF_8)); // 3-byte characters cut
            b.writeBytes(("y".repeat(3 * buffer + shift) + "\r").getBytes(StandardCharsets.US_ASCII)); // longer than a read
            b.writeBytes("\nlast".getBytes(StandardCharsets.US_ASCII));
            Path f = Files.write(dir.resolve("f" + shift), b.toByteArray());
            assertThat(lines(f)).as("shift %d", shift).containsExactlyElementsOf(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
    }
}
