package com.logistics.cdc.producer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.logistics.cdc.producer.journey.Journey;
import com.logistics.cdc.producer.service.PartlyWritten;
import com.logistics.cdc.producer.service.Simulation;
import com.logistics.cdc.producer.service.UnknownPackage;
import com.logistics.cdc.producer.service.WriteResult;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

/** Every error the API returns is a problem+json body. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response unknownPackage(UnknownPackage e) {
        return respond(Problem.of(404, "Unknown package", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response delivered(Journey.AlreadyDelivered e) {
        return respond(Problem.of(409, "Package already delivered", "A delivered package does not move any more"));
    }

    @ServerExceptionMapper
    public Response simulationRunning(Simulation.AlreadyRunning e) {
        return respond(Problem.of(409, "Simulation already running", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return respond(Problem.of(400, "Unreadable request body", e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(Problem.of(status, Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage()));
    }

    /** Each batch is a transaction: the detail says how many rows are committed; the rest were not written. */
    @ServerExceptionMapper
    public Response partlyWritten(PartlyWritten e) {
        WriteResult result = e.result();
        String after = " after %d of %d packages were %s; those are committed and streamed (one transaction per batch),"
                .formatted(result.written(), result.requested(), result.kind()) + " the rest were not written";
        LOG.warnf("Failed part way: %s", e.getMessage());
        Problem problem = databaseUnavailable(e.getCause())
                ? databaseDown("PostgreSQL became unreachable" + after)
                : Problem.of(500, "Internal error", "The request failed" + after + "; see the producer's log");
        return respond(problem.withWritten(result.written()));
    }

    @ServerExceptionMapper(priority = 6000)
    public Response unexpected(Throwable e) {
        if (databaseUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            return respond(databaseDown("PostgreSQL cannot be reached"));
        }
        LOG.error("Unexpected failure", e);
        return respond(Problem.of(500, "Internal error", "Unexpected failure; see the producer's log"));
    }

    private static Problem databaseDown(String what) {
        return Problem.of(503, "Database unavailable", what + "; the service reconnects by itself when it is back");
    }

    /**
     * Whether the failure is PostgreSQL being out of reach rather than a bad statement: no connection, a connection
     * lost (any I/O failure of its socket: refused, reset by the stopping server), or PostgreSQL ending the session itself, as a stopping server does to the statements in flight (SQLSTATE
     * class 08, connection exception; 57P01-57P03, shutting down or not yet accepting connections).
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof ClosedConnectionException
                    || (cause instanceof DatabaseException database && endsTheSession(database.getSqlState()))
                    || (cause instanceof VertxException && String.valueOf(cause.getMessage()).contains("Connection"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsTheSession(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.matches("57P0[123]"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
