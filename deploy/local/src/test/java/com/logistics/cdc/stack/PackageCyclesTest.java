package com.logistics.cdc.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of each service depend on each other one way only: read from the imports of its main sources, the
 * graph of its packages has no cycle. A new import that closes one fails here, naming the cycle.
 */
class PackageCyclesTest {

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(com\\.logistics\\.cdc\\.[a-z.]+?)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    void producerServiceHasNoPackageCycle() {
        assertThat(cycles(graph("producer-service", "com.logistics.cdc.producer"))).isEmpty();
    }

    @Test
    void monitorServiceHasNoPackageCycle() {
        assertThat(cycles(graph("monitor-service", "com.logistics.cdc.monitor"))).isEmpty();
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "stream", Set.of("dispatch"), "dispatch", Set.of("dashboard"), "dashboard", Set.of("stream"),
                "event", Set.of()));

        assertThat(cycles(graph)).containsExactly("dashboard -> stream -> dispatch -> dashboard");
    }

    /** Package (relative to {@code root}, "" for the root) to the packages of ours its classes import. */
    static Map<String, Set<String>> graph(String module, String root) {
        Path sources = StackConfig.projectRoot().resolve(module).resolve("src/main/java").resolve(root.replace('.', '/'));
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String from = sources.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> imports = graph.computeIfAbsent(from, key -> new TreeSet<>());
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    String imported = matcher.group(1);
                    if (imported.equals(root) || imported.startsWith(root + ".")) {
                        String to = imported.equals(root) ? "" : imported.substring(root.length() + 1);
                        if (!to.equals(from)) {
                            imports.add(to);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(graph).as("packages of " + module).hasSizeGreaterThan(1);
        return graph;
    }

    /** Every cycle, once, as "a -> b -> a", starting from its smallest package. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        Set<String> found = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(graph, start, new ArrayList<>(List.of(start)), found);
        }
        return List.copyOf(found);
    }

    private static void walk(Map<String, Set<String>> graph, String at, List<String> path, Set<String> found) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(path.getFirst())) {
                if (path.stream().allMatch(p -> p.compareTo(path.getFirst()) >= 0)) {
                    found.add(String.join(" -> ", path) + " -> " + next);
                }
            } else if (!path.contains(next)) {
                path.add(next);
                walk(graph, next, path, found);
                path.removeLast();
            }
        }
    }
}
