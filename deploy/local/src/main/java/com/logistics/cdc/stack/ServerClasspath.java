package com.logistics.cdc.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The jars of the servers, as Maven resolved them at build time (maven-dependency-plugin build-classpath):
 * Kafka and Connect run on {@link #servers()}, the Debezium connector is installed from {@link #debezium()}.
 */
final class ServerClasspath {

    private ServerClasspath() {
    }

    static String servers() {
        return read("local-stack/server.classpath");
    }

    static String wiremock() {
        return read("local-stack/wiremock.classpath");
    }

    static List<Path> debezium() {
        return Arrays.stream(read("local-stack/debezium-postgres.classpath").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
    }

    private static String read(String resource) {
        try (InputStream in = ServerClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StackException("Missing " + resource + ": build the local stack first (make build)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String firstMissing = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                    .filter(entry -> !entry.isBlank() && !Files.exists(Path.of(entry)))
                    .findFirst().orElse(null);
            if (firstMissing != null) {
                throw new StackException("Jar " + firstMissing + " is gone from the Maven repository: rebuild (make build)");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
