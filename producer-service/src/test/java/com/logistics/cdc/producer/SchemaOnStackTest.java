package com.logistics.cdc.producer;

import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The producer's first migration, as the local stack applies it to a real PostgreSQL (only that part). */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "postgres"))
class SchemaOnStackTest {

    @InjectLocalStack
    LocalStack stack;

    @Test
    void migrationCreatesTheCapturedTable() throws SQLException {
        try (Connection db = connect(); var rs = db.createStatement().executeQuery("""
                SELECT c.relreplident,
                       (SELECT count(*) FROM pg_publication_tables p
                        WHERE p.pubname = 'package_status_publication' AND p.tablename = 'package_status'),
                       (SELECT max(version) FROM flyway_schema_history WHERE success)
                FROM pg_class c WHERE c.relname = 'package_status'""")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("REPLICA IDENTITY FULL").isEqualTo("f");
            assertThat(rs.getInt(2)).as("published for Debezium").isEqualTo(1);
            assertThat(rs.getString(3)).isEqualTo("1");
        }
    }

    @Test
    void statusIsLimitedToTheJourneyAndDeliveredHasNoNextAddress() throws SQLException {
        try (Connection db = connect(); var sql = db.createStatement()) {
            assertThatThrownBy(() -> sql.execute("""
                    INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)
                    VALUES ('XX1', 1, 'a', 'b', 'Lost')"""))
                    .hasMessageContaining("package_status_status_check");
            assertThatThrownBy(() -> sql.execute("""
                    INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)
                    VALUES ('XX2', 1, 'a', 'b', 'Package Delivered')"""))
                    .hasMessageContaining("package_status_next_address_check");
        }
    }

    private Connection connect() throws SQLException {
        var config = stack.config();
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }
}
