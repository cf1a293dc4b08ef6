package com.logistics.cdc.stack.junit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How a process ended, for tests of a start that must fail: whether it exited within the time given (it is
 * killed otherwise), its exit code, and what it printed to the file its output is redirected to.
 */
public record ProcessExit(boolean exited, int code, String output) {

    public static ProcessExit run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        File log = builder.redirectOutput().file();
        if (log == null) {
            throw new IllegalArgumentException("the process's output must be redirected to a file");
        }
        Process process = builder.start();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        return new ProcessExit(exited, process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
    }

    /** Fails unless the process stopped by itself, with a non-zero exit code, having printed {@code expected}. */
    public void assertFailedNaming(String expected) {
        if (!exited || code == 0 || !output.contains(expected)) {
            throw new AssertionError("expected a failed start naming \"" + expected + "\", got "
                    + (exited ? "exit code " + code : "no exit in time") + ", output:\n" + output);
        }
    }
}
