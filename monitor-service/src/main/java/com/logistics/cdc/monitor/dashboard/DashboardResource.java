package com.logistics.cdc.monitor.dashboard;

import com.logistics.cdc.monitor.config.MonitorApi;
import com.logistics.cdc.monitor.dispatch.Dispatch;
import com.logistics.cdc.monitor.metrics.StreamStats;
import com.logistics.cdc.monitor.source.ReplicationSlotWatch;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.List;

/** The data behind the dashboard at {@code /}: live snapshots, the movement feed, a package's history. */
@Path("/")
@SecurityRequirements // read-only views, open to any caller
public class DashboardResource {

    private final MovementView view;
    private final StreamStats stats;
    private final Dispatch dispatch;
    private final ReplicationSlotWatch replicationSlot;

    public DashboardResource(MovementView view, StreamStats stats, Dispatch dispatch, ReplicationSlotWatch replicationSlot) {
        this.view = view;
        this.stats = stats;
        this.dispatch = dispatch;
        this.replicationSlot = replicationSlot;
    }

    /** A snapshot of everything the dashboard shows, twice a second. */
    @GET
    @Path("dashboard/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "streamDashboard", summary = "Everything the dashboard shows, twice a second (server-sent events)")
    @APIResponse(responseCode = "200", description = "A stream of snapshots")
    @APIResponse(responseCode = "406", ref = MonitorApi.NOT_ACCEPTABLE)
    public Multi<MovementView.Snapshot> dashboard() {
        return Multi.createFrom().ticks().every(Duration.ofMillis(500)).onOverflow().drop().map(tick -> snapshot());
    }

    @GET
    @Path("dashboard")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDashboard", summary = "Everything the dashboard shows, now")
    @APIResponse(responseCode = "200", description = "Counts, rates, latencies, the latest movements, each customer's figures and the WAL kept for Debezium's replication slot")
    @APIResponse(responseCode = "406", ref = MonitorApi.NOT_ACCEPTABLE)
    public MovementView.Snapshot snapshot() {
        return view.snapshot(stats.figures(), dispatch.snapshot(), replicationSlot.slot());
    }

    /** The counts alone, for scripts and benchmarks that wait for the monitor to have handled so many messages. */
    @GET
    @Path("dashboard/counts")
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    @Operation(operationId = "getCounts", summary = "How many change events were handled, by outcome")
    @APIResponse(responseCode = "200", description = "New, re-sent, unreadable and tombstone counts")
    @APIResponse(responseCode = "406", ref = MonitorApi.NOT_ACCEPTABLE)
    public StreamStats.Counts counts() {
        return stats.counts();
    }

    /** Every new movement as one readable line: {@code make start-monitoring} prints these. */
    @GET
    @Path("movements/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(operationId = "streamMovements", summary = "Every new movement as one readable line (server-sent events)")
    @APIResponse(responseCode = "200", description = "A stream of lines")
    @APIResponse(responseCode = "406", ref = MonitorApi.NOT_ACCEPTABLE)
    public Multi<String> lines() {
        return view.feed().onOverflow().drop().map(Movement::line);
    }

    @GET
    @Path("packages/{trackingCode}/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getPackageHistory", summary = "The movements seen of one recent package, oldest first")
    @APIResponse(responseCode = "200", description = "Its movements; none for a package not seen lately")
    @APIResponse(responseCode = "406", ref = MonitorApi.NOT_ACCEPTABLE)
    public List<Movement> history(@PathParam("trackingCode") String trackingCode) {
        return view.history(trackingCode);
    }
}
