package com.logistics.cdc.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/** Plain-SQL movements for the demo until producer-service takes over: post packages, move some of them. */
final class SampleMovements {

    private static final String[] HUBS = {
            "Centro de Distribuição Cajamar, SP", "Hub Contagem, MG", "Centro Logístico Duque de Caxias, RJ",
            "Hub Curitiba, PR", "Centro de Distribuição Recife, PE"};

    private SampleMovements() {
    }

    /** Posts {@code quantity} packages, then moves every second one to In Transit; returns the change count. */
    static int write(StackConfig config, int quantity) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String batch = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        int changes = 0;
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             PreparedStatement post = connection.prepareStatement("""
                     INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)
                     VALUES (?, ?, ?, ?, 'Package Posted')""");
             PreparedStatement move = connection.prepareStatement("""
                     UPDATE package_status SET status = 'In Transit', actual_address = next_address, next_address = ?,
                            updated_at = clock_timestamp(), version = version + 1
                     WHERE tracking_code = ?""")) {
            for (int i = 0; i < quantity; i++) {
                post.setString(1, trackingCode(batch, i));
                post.setInt(2, 1 + random.nextInt(3));
                post.setString(3, "Rua " + (1 + random.nextInt(999)) + ", São Paulo, SP");
                post.setString(4, HUBS[random.nextInt(HUBS.length)]);
                changes += post.executeUpdate();
            }
            for (int i = 0; i < quantity; i += 2) {
                move.setString(1, HUBS[random.nextInt(HUBS.length)]);
                move.setString(2, trackingCode(batch, i));
                changes += move.executeUpdate();
            }
        }
        return changes;
    }

    private static String trackingCode(String batch, int i) {
        return "SP" + batch + String.format("%05d", i) + "BR";
    }
}
