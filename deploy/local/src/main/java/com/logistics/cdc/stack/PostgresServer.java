package com.logistics.cdc.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server from zonky's Maven Central binaries, configured for logical decoding. zonky runs
 * it under {@code unshare -U} when we are root (PostgreSQL refuses to run as root); pg_ctl detaches it, so it
 * outlives the launcher.
 */
final class PostgresServer {

    private final StackConfig config;
    private EmbeddedPostgres server;

    PostgresServer(StackConfig config) {
        this.config = config;
    }

    Path dataDirectory() {
        return config.home().resolve("postgres").resolve("data");
    }

    void start() {
        Path log = config.logFile(Part.POSTGRES);
        try {
            Files.createDirectories(log.getParent());
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(config.postgresPort())
                    .setServerConfig("listen_addresses", config.host())
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "20")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on") // zonky passes -F (fsync off); a commit here is a real commit
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new StackException("PostgreSQL did not start on port " + config.postgresPort() + ": " + e.getMessage()
                    + "\n" + Processes.tail(log, 20), e);
        }
        long pid = Processes.readPid(dataDirectory().resolve("postmaster.pid"))
                .orElseThrow(() -> new StackException("PostgreSQL started but wrote no postmaster.pid"));
        Processes.writePid(config.pidFile(Part.POSTGRES), pid);
        setPassword();
    }

    /** zonky's initdb trusts local connections; a password still makes the contract's credentials real. */
    private void setPassword() {
        try (var connection = java.sql.DriverManager.getConnection(config.jdbcUrl(), "postgres", "");
             var statement = connection.createStatement()) {
            if (!"postgres".equals(config.user())) {
                statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                        + config.user().replace("'", "''") + "') THEN CREATE ROLE \"" + config.user().replace("\"", "")
                        + "\" SUPERUSER LOGIN; END IF; END $$");
            }
            statement.execute("ALTER ROLE \"" + config.user().replace("\"", "") + "\" PASSWORD '"
                    + config.password().replace("'", "''") + "'");
        } catch (java.sql.SQLException e) {
            throw new StackException("Cannot set up the database user: " + e.getMessage(), e);
        }
    }

    /** Applies producer-service's versioned migrations with Flyway: the same tool and history table it uses. */
    void migrate() {
        if (!Files.isDirectory(config.migrations())) {
            throw new StackException("No migrations at " + config.migrations() + " (set MIGRATIONS_DIR)");
        }
        Flyway.configure()
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("filesystem:" + config.migrations())
                .load()
                .migrate();
    }

    /** Stops the server this object started (pg_ctl stop -m fast), releasing its data folder for a restart. */
    void stopStarted() {
        if (server == null) {
            throw new StackException("This PostgreSQL was not started by this process");
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new StackException("Cannot stop PostgreSQL: " + e.getMessage(), e);
        }
        server = null;
    }

    /** Stops the server fast (SIGINT: roll back open transactions, disconnect clients). */
    static boolean stop(ProcessHandle postmaster) {
        return Processes.stop(postmaster, "INT", Duration.ofSeconds(30));
    }
}
