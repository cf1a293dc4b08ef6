package com.logistics.cdc.monitor;

import com.logistics.cdc.stack.LocalStack;

import java.sql.Connection;
import java.sql.DriverManager;

/** Plain SQL on the test stack's package_status: how the tests make movements happen. */
public final class Rows {

    private Rows() {
    }

    public static void sql(LocalStack stack, String statement) throws Exception {
        var config = stack.config();
        try (Connection db = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            db.createStatement().execute(statement);
        }
    }

    /** Posts one package of customer {@code customerId}, at 'Rua <id>' going to 'Hub <id>'. */
    public static void post(LocalStack stack, String trackingCode, int customerId) throws Exception {
        sql(stack, "INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status) VALUES ('"
                + trackingCode + "', " + customerId + ", 'Rua " + customerId + "', 'Hub " + customerId + "', 'Package Posted')");
    }

    /** A tracking code no other test uses. */
    public static String code(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36).toUpperCase();
    }
}
