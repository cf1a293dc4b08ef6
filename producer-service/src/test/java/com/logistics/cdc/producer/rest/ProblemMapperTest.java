package com.logistics.cdc.producer.rest;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are PostgreSQL out of reach (503, retry later) and which are the producer's own (500). */
class ProblemMapperTest {

    @Test
    void noConnectionOrALostOneIsTheDatabaseBeingDown() {
        assertThat(ProblemMapper.databaseUnavailable(new CompletionException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(ProblemMapper.databaseUnavailable(ClosedConnectionException.INSTANCE)).isTrue();
        // CI: a batch whose socket the stopping server reset answered 500, not 503
        assertThat(ProblemMapper.databaseUnavailable(new CompletionException(new java.net.SocketException("Connection reset"))))
                .isTrue();
    }

    /** What {@code pg_ctl stop -m fast} gives a statement in flight (57P01) and a connection opened meanwhile (57P03). */
    @Test
    void postgresEndingTheSessionWhileStoppingIsTheDatabaseBeingDown() {
        assertThat(ProblemMapper.databaseUnavailable(new CompletionException(
                pgError("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(ProblemMapper.databaseUnavailable(pgError("the database system is shutting down", "57P03"))).isTrue();
        assertThat(ProblemMapper.databaseUnavailable(pgError("connection failure", "08006"))).isTrue();
    }

    @Test
    void aStatementPostgresRejectsIsNot() {
        assertThat(ProblemMapper.databaseUnavailable(pgError("duplicate key value violates unique constraint", "23505")))
                .isFalse();
        assertThat(ProblemMapper.databaseUnavailable(pgError("canceling statement due to user request", "57014")))
                .isFalse();
        assertThat(ProblemMapper.databaseUnavailable(new IllegalStateException("no journey"))).isFalse();
    }

    private static PgException pgError(String message, String sqlState) {
        return new PgException(message, "FATAL", sqlState, null);
    }
}
