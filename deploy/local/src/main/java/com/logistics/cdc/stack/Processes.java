package com.logistics.cdc.stack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starting the stack's JVM servers as detached processes, and stopping any of them by pid. */
final class Processes {

    private static final boolean HAS_SETSID = new File("/usr/bin/setsid").canExecute()
            || new File("/bin/setsid").canExecute();

    private Processes() {
    }

    /**
     * Starts {@code mainClass} in a new JVM on the stack's server classpath, output appended to {@code log}.
     * The process gets its own session, so it outlives the launcher and a Ctrl-C in the launcher's terminal.
     */
    static Process startJava(String mainClass, List<String> jvmOptions, List<String> args, Path log,
                             Map<String, String> environment) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.add("-cp");
        command.add(ServerClasspath.servers());
        command.add(mainClass);
        command.addAll(args);
        return startJava(command, null, log, environment);
    }

    /**
     * Starts a JVM with the given arguments (options, then -cp/-jar and what follows), detached like the servers,
     * in {@code directory} (null: this process's).
     */
    static Process startJava(List<String> arguments, Path directory, Path log, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        if (HAS_SETSID) {
            command.add("setsid"); // execs in place: the pid stays the JVM's
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        String mainClass = arguments.getLast();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .directory(directory == null ? null : directory.toFile());
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new StackException("Cannot start " + mainClass + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short-lived tool in a JVM and fails with its output if it exits non-zero. */
    static void runJava(String mainClass, List<String> args, Path log, Duration timeout) {
        Process process = startJava(mainClass, List.of("-Xmx256m"), args, log, Map.of());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new StackException(mainClass + " did not finish within " + timeout + "\n" + tail(log, 20));
            }
            if (process.exitValue() != 0) {
                throw new StackException(mainClass + " failed (exit " + process.exitValue() + ")\n" + tail(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new StackException("Interrupted while running " + mainClass, e);
        }
    }

    static void writePid(Path pidFile, long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale pid file is harmless: alive() checks the process behind it
        }
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The live process behind a pid file, if it is still ours (its command line names our state folder). */
    static Optional<ProcessHandle> alive(Path pidFile, Path home) {
        return readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine()
                        .map(line -> line.contains(home.toString()))
                        .orElse(true)); // command line hidden: trust our own pid file
    }

    /**
     * Stops a process: {@code signal} first (TERM, or INT for PostgreSQL's fast shutdown), then KILL after the
     * grace period. Descendants still alive after it are killed too, so nothing is orphaned.
     */
    static boolean stop(ProcessHandle process, String signal, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        signal(process, signal);
        boolean graceful = waitForExit(process, grace);
        if (!graceful) {
            process.destroyForcibly();
            waitForExit(process, Duration.ofSeconds(10));
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive() && !waitForExit(child, Duration.ofSeconds(5))) {
                child.destroyForcibly();
            }
        }
        return graceful;
    }

    private static void signal(ProcessHandle process, String signal) {
        if ("TERM".equals(signal)) {
            process.destroy();
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** The last lines of a log, to show why a server did not come up. */
    static String tail(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return "(no log at " + log + ")";
        }
        try (InputStream in = Files.newInputStream(log)) {
            long size = Files.size(log);
            in.skipNBytes(Math.max(0, size - 64 * 1024));
            List<String> all = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + last.size() + " lines of " + log + " ---\n" + String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
