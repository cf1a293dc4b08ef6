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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/packages")
@SecurityRequirements // reading is open to any caller; what writes declares the operator's requirement
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
    @Operation(operationId = "postPackages", summary = "Post new packages",
            description = "Each new package is one insert, so one change event")
    @SecurityRequirement(name = ProducerApi.OPERATOR)
    @APIResponse(responseCode = "401", ref = ProducerApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "200", description = "How many packages were written")
    @APIResponse(responseCode = "400", ref = ProducerApi.INVALID)
    @APIResponse(responseCode = "403", ref = ProducerApi.GENERATION_DISABLED)
    @APIResponse(responseCode = "503", ref = ProducerApi.DATABASE_DOWN)
    public Uni<WriteResult> post(@Parameter(description = "How many packages (default 10)") @QueryParam("quantity") String quantity) {
        guard.requireEnabled();
        return writer.post(Parameters.bounded("quantity", quantity, 10, 1, guard.maxQuantity()));
    }

    @GET
    @Path("/{trackingCode}")
    @Operation(operationId = "getPackage", summary = "The current row of one package")
    @APIResponse(responseCode = "200", description = "The package's row")
    @APIResponse(responseCode = "400", ref = ProducerApi.INVALID)
    @APIResponse(responseCode = "404", ref = ProducerApi.UNKNOWN_PACKAGE)
    @APIResponse(responseCode = "503", ref = ProducerApi.DATABASE_DOWN)
    public Uni<PackageView> get(@PathParam("trackingCode") String trackingCode) {
        return mover.find(Parameters.trackingCode(trackingCode)).map(PackageView::of);
    }

    @POST
    @Path("/{trackingCode}/movements")
    @Operation(operationId = "movePackage", summary = "Move one package one step",
            description = "409 once delivered; concurrent calls each move it one step")
    @SecurityRequirement(name = ProducerApi.OPERATOR)
    @APIResponse(responseCode = "401", ref = ProducerApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "200", description = "The package's row after the step")
    @APIResponse(responseCode = "400", ref = ProducerApi.INVALID)
    @APIResponse(responseCode = "403", ref = ProducerApi.GENERATION_DISABLED)
    @APIResponse(responseCode = "404", ref = ProducerApi.UNKNOWN_PACKAGE)
    @APIResponse(responseCode = "409", ref = ProducerApi.DELIVERED)
    @APIResponse(responseCode = "503", ref = ProducerApi.DATABASE_DOWN)
    public Uni<PackageView> move(@PathParam("trackingCode") String trackingCode) {
        guard.requireEnabled();
        return mover.advance(Parameters.trackingCode(trackingCode)).map(PackageView::of);
    }
}
