package com.logistics.cdc.producer;

import com.logistics.cdc.stack.LocalStack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Plain SQL against the test's PostgreSQL, to check what the service wrote. */
public final class StackDatabase {

    private StackDatabase() {
    }

    public static long count(LocalStack stack, String where) throws SQLException {
        try (Connection db = connect(stack); var rs = db.createStatement()
                .executeQuery("SELECT count(*) FROM package_status WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static long sum(LocalStack stack, String column) throws SQLException {
        try (Connection db = connect(stack); var rs = db.createStatement()
                .executeQuery("SELECT coalesce(sum(" + column + "), 0) FROM package_status")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static String newestTrackingCode(LocalStack stack, String where) throws SQLException {
        try (Connection db = connect(stack); var rs = db.createStatement()
                .executeQuery("SELECT tracking_code FROM package_status WHERE " + where + " ORDER BY id DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static Connection connect(LocalStack stack) throws SQLException {
        var config = stack.config();
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }
}
