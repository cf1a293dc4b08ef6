package com.logistics.cdc.stack.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessExitTest {

    @TempDir
    Path dir;

    @Test
    void aFailedStartNamingTheProblemPasses() throws Exception {
        ProcessExit exit = run("echo 'monitor.x must be at least 1'; exit 1");

        assertThatCode(() -> exit.assertFailedNaming("monitor.x must be at least 1")).doesNotThrowAnyException();
    }

    @Test
    void aCleanExitOrAnotherMessageFailsWithWhatWasPrinted() throws Exception {
        ProcessExit clean = run("echo 'started'; exit 0");
        ProcessExit other = run("echo 'something else'; exit 1");

        assertThatThrownBy(() -> clean.assertFailedNaming("started")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exit code 0").hasMessageContaining("started");
        assertThatThrownBy(() -> other.assertFailedNaming("monitor.x")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("exit code 1").hasMessageContaining("something else");
    }

    @Test
    void aProcessStillRunningIsKilledAndFails() throws Exception {
        ProcessExit hanging = ProcessExit.run(shell("echo 'monitor.x'; sleep 30"), Duration.ofMillis(500));

        assertThatThrownBy(() -> hanging.assertFailedNaming("monitor.x")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no exit in time");
    }

    private ProcessExit run(String script) throws Exception {
        return ProcessExit.run(shell(script), Duration.ofSeconds(10));
    }

    private ProcessBuilder shell(String script) {
        return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".log").toFile());
    }
}
