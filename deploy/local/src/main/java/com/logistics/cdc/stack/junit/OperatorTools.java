package com.logistics.cdc.stack.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tools operators check services with, run by the tests on the live documents: Prometheus's {@code promtool
 * check metrics} on {@code /q/metrics}, and Redocly's OpenAPI linter on {@code /q/openapi}. promtool comes from
 * Debian's {@code prometheus} package (downloaded with {@code apt-get download}, unpacked, never installed), the
 * linter from the npm registry through {@code npm exec}; both are kept under {@code ~/.cache/package-cdc}.
 */
public final class OperatorTools {

    /** The linter, pinned. */
    public static final String REDOCLY_CLI = "@redocly/cli@2.77.0";
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "package-cdc");

    private OperatorTools() {
    }

    /**
     * The metric families of an exposition text whose names start with one of {@code prefixes}, with their HELP and
     * TYPE lines: ours, apart from the JVM's and the libraries' (some of which promtool 2.42 cannot even parse: an
     * escaped quote in a HELP text). A counter family is named as text format 0.0.4 names it, after its samples
     * ({@code x_total}): Prometheus's Java client 1.x names it {@code x}, OpenMetrics style, which promtool 2.42 reads
     * as a family without HELP.
     */
    public static String familiesOf(String metrics, String... prefixes) {
        java.util.Set<String> counters = new java.util.HashSet<>();
        metrics.lines().filter(line -> line.startsWith("# TYPE ") && line.endsWith(" counter"))
                .map(line -> line.substring(7, line.length() - 8)).filter(name -> !name.endsWith("_total"))
                .forEach(counters::add);
        StringBuilder ours = new StringBuilder();
        for (String line : metrics.lines().toList()) {
            boolean comment = line.startsWith("# HELP ") || line.startsWith("# TYPE ");
            String rest = comment ? line.substring(7) : line;
            for (String prefix : prefixes) {
                if (rest.startsWith(prefix)) {
                    String name = rest.split(" ", 2)[0];
                    ours.append(comment && counters.contains(name) ? line.replace(" " + name + " ", " " + name + "_total ") : line)
                            .append('\n');
                    break;
                }
            }
        }
        return ours.toString();
    }

    /** promtool's findings on an exposition text, one line each (empty: none). */
    public static List<String> promtoolFindings(String metrics) throws IOException, InterruptedException {
        Path input = Files.createTempFile("metrics", ".txt");
        try {
            Files.writeString(input, metrics);
            Result result = run(List.of(promtool().toString(), "check", "metrics"), input, 60);
            // exit 0: clean; 3: lint findings (printed to stderr, one per line, "name: problem")
            if (result.exit() != 0 && result.exit() != 3) {
                var line = java.util.regex.Pattern.compile("line (\\d+)").matcher(result.output());
                String context = line.find() ? "\nline " + line.group(1) + ": "
                        + metrics.lines().skip(Long.parseLong(line.group(1)) - 1).findFirst().orElse("") : "";
                throw new IllegalStateException("promtool failed (exit " + result.exit() + "): " + result.output() + context);
            }
            return result.output().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /**
     * Redocly's lint of an OpenAPI document with the project's {@code redocly.yaml} (recommended rules, warnings as
     * errors): the exit code and its report, 0 when it found nothing.
     */
    public static Result lintOpenApi(String document, String fileName) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("openapi");
        Path file = directory.resolve(fileName);
        Files.writeString(file, document);
        try {
            List<String> command = List.of("npm", "exec", "--yes", "--package=" + REDOCLY_CLI, "--", "redocly", "lint",
                    "--format=stylish", "--config=" + projectFile("redocly.yaml"), file.toString());
            return run(command, null, 300);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        }
    }

    /** A file of the project's root folder, found from the module's folder the tests run in. */
    static Path projectFile(String name) {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve(name)) && Files.isRegularFile(folder.resolve("mvnw"))) {
                return folder.resolve(name);
            }
        }
        throw new IllegalStateException("no " + name + " in the project's root above " + Path.of("").toAbsolutePath());
    }

    /** The promtool of Debian's prometheus package: on the PATH, or unpacked once into the cache. */
    static synchronized Path promtool() throws IOException, InterruptedException {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path onPath = Path.of(directory, "promtool");
            if (!directory.isEmpty() && Files.isExecutable(onPath)) {
                return onPath;
            }
        }
        Path unpacked = CACHE.resolve("prometheus");
        Path promtool = unpacked.resolve("usr/bin/promtool");
        if (Files.isExecutable(promtool)) {
            return promtool;
        }
        Path download = Files.createTempDirectory("prometheus-deb");
        Result fetched = run(List.of("apt-get", "download", "prometheus"), null, 300, download);
        try (var debs = Files.list(download)) {
            Path deb = debs.filter(file -> file.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("apt-get download prometheus fetched nothing: " + fetched.output()));
            Files.createDirectories(unpacked);
            Result extracted = run(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), null, 120);
            if (extracted.exit() != 0 || !Files.isExecutable(promtool)) {
                throw new IllegalStateException("could not unpack promtool from " + deb + ": " + extracted.output());
            }
            Files.delete(deb);
        }
        Files.delete(download);
        return promtool;
    }

    /** A command's exit code and its output (stdout and stderr together). */
    public record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path stdin, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, stdin, timeoutSeconds, null);
    }

    private static Result run(List<String> command, Path stdin, long timeoutSeconds, Path directory)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("tool", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
