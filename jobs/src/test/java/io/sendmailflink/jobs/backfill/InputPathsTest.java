package io.sendmailflink.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputPathsTest {

    @TempDir
    Path dir;

    private Path touch(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x\n");
        return p;
    }

    @Test
    void rotatedLogsInAFolderComeOldestFirst() throws IOException {
        touch("maillog");
        touch("maillog.1");
        touch("maillog.2.gz");
        touch("maillog.10.gz");
        touch(".hidden");
        List<Path> files = InputPaths.expand(List.of(dir.toString()));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("maillog.10.gz", "maillog.2.gz", "maillog.1", "maillog");
    }

    @Test
    void dateSuffixedLogsComeInDateOrderBeforeTheLiveFile() throws IOException {
        touch("maillog-20261122.gz");
        touch("maillog");
        touch("maillog-20261120.gz");
        List<Path> files = InputPaths.expand(List.of(dir.toString()));
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("maillog-20261120.gz", "maillog-20261122.gz", "maillog");
    }

    @Test
    void globsMatchFilesAndDuplicatesCountOnce() throws IOException {
        Path a = touch("logs/mail.log");
        touch("logs/mail.log.1");
        touch("logs/other.txt");
        List<Path> files = InputPaths.expand(List.of(dir.resolve("logs") + "/mail.log*", a.toString()));
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("mail.log.1", "mail.log");
    }

    @Test
    void aMissingInputIsNamed() {
        String missing = dir.resolve("nope.log").toString();
        assertThatThrownBy(() -> InputPaths.expand(List.of(missing)))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.log");
        assertThatThrownBy(() -> InputPaths.expand(List.of(dir + "/*.none")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("*.none");
    }
}
