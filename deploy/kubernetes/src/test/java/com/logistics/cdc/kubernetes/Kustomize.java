package com.logistics.cdc.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code kustomize build} of an overlay, with Debian's kustomize in a container of this project's making
 * (deploy/containers/kustomize: the host's Debian has no package), on a copy of deploy/kubernetes where every
 * {@code *.env.example} stands in for the file it documents: the Secrets' real files are never committed.
 */
final class Kustomize {

    static final Path ROOT = projectRoot();
    static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");
    private static final String ENGINE = System.getenv().getOrDefault("CONTAINER_ENGINE", "podman");

    private Kustomize() {
    }

    /** A copy of deploy/kubernetes, readable by the container's user, with each .env.example also as its .env. */
    static Path copyOfManifests() throws IOException {
        Path copy = Files.createTempDirectory("kubernetes-manifests");
        try (var paths = Files.walk(MANIFESTS)) {
            for (Path source : paths.filter(path -> !path.startsWith(MANIFESTS.resolve("target"))
                    && !path.startsWith(MANIFESTS.resolve("src")) && !path.endsWith("pom.xml")).toList()) {
                Path target = copy.resolve(MANIFESTS.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().endsWith(".env")) { // a user's own secrets stay where they are
                    Files.copy(source, target);
                    if (source.getFileName().toString().endsWith(".env.example")) {
                        Files.copy(source, target.resolveSibling(target.getFileName().toString().replace(".env.example", ".env")));
                    }
                }
            }
        }
        try (var paths = Files.walk(copy)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return copy;
    }

    /** The overlay built from {@code manifests} (a copy from {@link #copyOfManifests}), as kustomize prints it. */
    static String build(Path manifests, String overlay) {
        ensureImage();
        return run(List.of(ENGINE, "run", "--rm", "--network", "none", "-v", manifests + ":/manifests:ro", image(),
                "build", "overlays/" + overlay));
    }

    static void delete(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String image() {
        return "localhost/package-cdc/kustomize:" + System.getProperty("project.version", "1.0.0-SNAPSHOT");
    }

    private static synchronized void ensureImage() {
        if (exitCode(List.of(ENGINE, "image", "exists", image())) != 0) {
            run(List.of(ROOT.resolve("deploy/containers/images.sh").toString(), "--quiet", "kustomize"));
        }
    }

    private static int exitCode(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(2, TimeUnit.MINUTES) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs {@code command}, returns its standard output; fails with its standard error. */
    private static String run(List<String> command) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no answer in 5 minutes");
            }
            String error = Files.readString(errors);
            Files.delete(errors);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + error + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("deploy/kubernetes/base"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("not inside the project: no deploy/kubernetes/base above " + Path.of("").toAbsolutePath());
        }
        return here;
    }
}
