package com.logistics.cdc.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.ProducerApi;
import com.logistics.cdc.stack.StackConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumSet;

/**
 * {@code make bench-producer}: rows/s of producer-service posting and moving N packages, beside the original's
 * way (one INSERT and commit per row from a client) and PostgreSQL's own limit for the same rows (one
 * INSERT ... SELECT generate_series, one UPDATE), in one run, on a stack of the benchmark's own ({@link BenchStack}):
 * PostgreSQL alone, so no Debezium competes for the two cores and no benchmark row reaches the stack of make up.
 */
public final class ProducerBenchmark {

    private static final int ROW_BY_ROW_CAP = 20_000; // ~10 s at the original's rate; a rate, not a total, is compared

    private final StackConfig config;
    private final String producerUrl;
    private final int rows;
    private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

    private ProducerBenchmark(StackConfig config, String producerUrl, int rows) {
        this.config = config;
        this.producerUrl = producerUrl;
        this.rows = rows;
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path producerJar = Path.of(args.length > 1 ? args[1] : "producer-service/target/quarkus-app/quarkus-run.jar");
        try (BenchStack stack = BenchStack.start(EnumSet.of(Part.POSTGRES), producerJar)) {
            new ProducerBenchmark(stack.config(), stack.producerUrl(), rows).run();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("Producer benchmark: %,d rows per measure (row by row: %,d)%n",
                rows, Math.min(rows, ROW_BY_ROW_CAP));
        ProducerApi.post(producerUrl + "/packages?quantity=1000"); // warm the service's code paths
        ProducerApi.post(producerUrl + "/movements?quantity=1000");

        double rowByRow = rowByRow(Math.min(rows, ROW_BY_ROW_CAP));
        System.out.printf("  row by row:           %,10.0f rows/s%n", rowByRow);
        double insertLimit = insertLimit(rows);
        System.out.printf("  INSERT ... SELECT:    %,10.0f rows/s%n", insertLimit);
        double posts = serviceRate("/packages?quantity=" + rows);
        System.out.printf("  POST /packages:       %,10.0f rows/s%n", posts);
        double moves = serviceRate("/movements?quantity=" + rows);
        System.out.printf("  POST /movements:      %,10.0f rows/s%n", moves);
        double updateLimit = updateLimit(rows);
        System.out.printf("  UPDATE ... (one):     %,10.0f rows/s%n", updateLimit);

        System.out.println();
        System.out.println("| writes of " + String.format("%,d", rows) + " rows (same run)              | rows/s  | vs row by row | of the database's limit |");
        System.out.println("|--------------------------------------------------|---------|---------------|-------------------------|");
        row("original: one INSERT + commit per row", rowByRow, rowByRow, insertLimit);
        row("producer-service POST /packages (new packages)", posts, rowByRow, insertLimit);
        row("database limit: one INSERT ... SELECT", insertLimit, rowByRow, insertLimit);
        row("producer-service POST /movements (one step each)", moves, rowByRow, updateLimit);
        row("database limit: one UPDATE of as many rows", updateLimit, rowByRow, updateLimit);
        System.out.println("Targets: POST /packages >= 20x row by row; aim for >= 50% of the database's limit.");
    }

    private static void row(String name, double rate, double rowByRow, double limit) {
        System.out.printf("| %-48s | %,7.0f | %12.1fx | %22.0f%% |%n", name, rate, rate / rowByRow, 100 * rate / limit);
    }

    private double rowByRow(int count) throws SQLException {
        try (Connection db = connect(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status, hops_remaining)
                VALUES (?, ?, ?, ?, 'Package Posted', 2)""")) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                insert.setString(1, "RB" + run + i);
                insert.setInt(2, 1 + i % 3);
                insert.setString(3, "Avenida Paulista " + i + ", Bela Vista, São Paulo - SP, 01310-200");
                insert.setString(4, "Centro de Distribuição Cajamar - SP");
                insert.executeUpdate(); // autocommit: one round trip and one commit per row
            }
            return count / seconds(start);
        }
    }

    private double insertLimit(int count) throws SQLException {
        try (Connection db = connect(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status, hops_remaining)
                SELECT 'GS' || ? || g, 1 + g % 3, 'Avenida Paulista ' || g || ', Bela Vista, São Paulo - SP, 01310-200',
                       'Centro de Distribuição Cajamar - SP', 'Package Posted', 2
                FROM generate_series(1, ?) AS g""")) {
            insert.setString(1, run);
            insert.setInt(2, count);
            long start = System.nanoTime();
            insert.executeUpdate();
            return count / seconds(start);
        }
    }

    private double updateLimit(int count) throws SQLException {
        try (Connection db = connect(); PreparedStatement update = db.prepareStatement("""
                UPDATE package_status SET status = 'In Transit', actual_address = next_address,
                       next_address = 'Centro de Distribuição Campinas - SP', hops_remaining = 1,
                       version = version + 1, updated_at = clock_timestamp()
                WHERE id IN (SELECT id FROM package_status WHERE status = 'Package Posted' LIMIT ?)""")) {
            update.setInt(1, count);
            long start = System.nanoTime();
            int updated = update.executeUpdate();
            return updated / seconds(start);
        }
    }

    private double serviceRate(String path) throws Exception {
        long start = System.nanoTime();
        JsonNode result = ProducerApi.post(producerUrl + path);
        return result.path("written").asInt() / seconds(start);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
