package com.logistics.cdc.monitor.dashboard;

import com.logistics.cdc.monitor.dispatch.Dispatch;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.List;

/** The data behind the dashboard at {@code /}: live snapshots, the movement feed, a package's history. */
@Path("/")
public class DashboardResource {

    private final MovementLog log;
    private final Dispatch dispatch;

    public DashboardResource(MovementLog log, Dispatch dispatch) {
        this.log = log;
        this.dispatch = dispatch;
    }

    /** A snapshot of everything the dashboard shows, twice a second. */
    @GET
    @Path("dashboard/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<MovementLog.Snapshot> dashboard() {
        return Multi.createFrom().ticks().every(Duration.ofMillis(500)).onOverflow().drop().map(tick -> log.snapshot(dispatch.snapshot()));
    }

    @GET
    @Path("dashboard")
    @Produces(MediaType.APPLICATION_JSON)
    public MovementLog.Snapshot snapshot() {
        return log.snapshot(dispatch.snapshot());
    }

    /** The counts alone, for scripts and benchmarks that wait for the monitor to have handled so many messages. */
    @GET
    @Path("dashboard/counts")
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    public MovementLog.Counts counts() {
        return log.counts();
    }

    /** Every new movement as one readable line: {@code make start-monitoring} prints these. */
    @GET
    @Path("movements/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> lines() {
        return log.feed().onOverflow().drop().map(Movement::line);
    }

    @GET
    @Path("packages/{trackingCode}/history")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Movement> history(@PathParam("trackingCode") String trackingCode) {
        return log.history(trackingCode);
    }
}
