package com.logistics.cdc.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuarkusAppTest {

    @TempDir
    Path app;

    @Test
    void runsFromItsFolderWithTheCacheBesideTheJar() throws IOException {
        Files.createFile(app.resolve("app.aot"));

        QuarkusApp quarkusApp = QuarkusApp.of(app.resolve("quarkus-run.jar"));

        assertThat(quarkusApp.usesAotCache()).isTrue();
        assertThat(quarkusApp.processBuilder("java").command()).containsExactly("java", "-XX:AOTCache=app.aot", "-jar", "quarkus-run.jar");
        assertThat(quarkusApp.processBuilder("java").directory()).isEqualTo(app.toFile());
    }

    @Test
    void aMeasurementRefusesACacheTheJvmCannotUse() throws IOException {
        Files.createFile(app.resolve("app.aot"));

        assertThat(QuarkusApp.of(app.resolve("quarkus-run.jar")).requiringAotCache().processBuilder("java").command())
                .containsExactly("java", "-XX:AOTCache=app.aot", "-XX:AOTMode=on", "-jar", "quarkus-run.jar");
    }

    @Test
    void withoutACacheTheJarRunsPlain() {
        QuarkusApp quarkusApp = QuarkusApp.of(app.resolve("quarkus-run.jar"));

        assertThat(quarkusApp.usesAotCache()).isFalse();
        assertThat(quarkusApp.requiringAotCache().processBuilder("java").command()).containsExactly("java", "-jar", "quarkus-run.jar");
    }
}
