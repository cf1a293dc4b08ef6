package com.logistics.cdc.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How to start a packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}): with the AOT cache the
 * build recorded beside it ({@code app.aot}, JDK 25+: classes loaded and linked, and method profiles, from a
 * training run), when there is one. The cache maps only when the JVM runs from the application's folder, as it did while recording.
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

    public boolean usesAotCache() {
        return arguments.contains(AOT_CACHE);
    }
}
