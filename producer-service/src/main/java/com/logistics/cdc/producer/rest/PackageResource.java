package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.service.PackageMover;
import com.logistics.cdc.producer.service.PackageWriter;
import com.logistics.cdc.producer.service.WriteResult;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/packages")
@Produces(MediaType.APPLICATION_JSON)
public class PackageResource {

    private final PackageWriter writer;
    private final PackageMover mover;
    private final GenerationGuard guard;

    public PackageResource(PackageWriter writer, PackageMover mover, GenerationGuard guard) {
        this.writer = writer;
        this.mover = mover;
        this.guard = guard;
    }

    @POST
    @Operation(summary = "Post new packages", description = "Each new package is one insert, so one change event")
    public Uni<WriteResult> post(@Parameter(description = "How many packages (default 10)") @QueryParam("quantity") String quantity) {
        guard.requireEnabled();
        return writer.post(Parameters.bounded("quantity", quantity, 10, 1, guard.maxQuantity()));
    }

    @GET
    @Path("/{trackingCode}")
    @Operation(summary = "The current row of one package")
    public Uni<PackageView> get(@PathParam("trackingCode") String trackingCode) {
        return mover.find(trackingCode).map(PackageView::of);
    }

    @POST
    @Path("/{trackingCode}/movements")
    @Operation(summary = "Move one package one step", description = "409 once delivered; concurrent calls each move it one step")
    public Uni<PackageView> move(@PathParam("trackingCode") String trackingCode) {
        guard.requireEnabled();
        return mover.advance(trackingCode).map(PackageView::of);
    }
}
