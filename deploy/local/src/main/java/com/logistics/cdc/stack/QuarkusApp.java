package com.logistics.cdc.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}): with the AOT cache the
 * build recorded beside it ({@code app.aot}, JDK 25+: classes loaded and linked, and method profiles, from a
 * training run), when there is one. It runs from the application's folder, as Quarkus's AOT guide starts it.
 */
public record QuarkusApp(Path directory, List<String> arguments) {

    private static final String AOT_CACHE = "-XX:AOTCache=app.aot";

    public static QuarkusApp of(Path jar) {
        Path directory = jar.toAbsolutePath().getParent();
        String name = jar.getFileName().toString();
        return Files.isRegularFile(directory.resolve("app.aot"))
                ? new QuarkusApp(directory, List.of(AOT_CACHE, "-jar", name))
                : new QuarkusApp(directory, List.of("-jar", name));
    }

    /** A process that runs it with {@code java} (a path to the executable), from its folder. */
    public ProcessBuilder processBuilder(String java) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(directory.toFile());
    }

    public boolean usesAotCache() {
        return arguments.contains(AOT_CACHE);
    }

    /**
     * The same, but the JVM refuses to start when it cannot use the AOT cache (it no longer matches the jar, say)
     * instead of starting without it: for measurements, which would otherwise be of a slower start unawares.
     */
    public QuarkusApp requiringAotCache() {
        if (!usesAotCache()) {
            return this;
        }
        List<String> strict = new ArrayList<>(arguments);
        strict.add(strict.indexOf(AOT_CACHE) + 1, "-XX:AOTMode=on");
        return new QuarkusApp(directory, List.copyOf(strict));
    }
}
