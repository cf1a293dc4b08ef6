package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.service.PackageWriter;
import com.logistics.cdc.producer.service.WriteResult;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/movements")
@SecurityRequirements // reading is open to any caller; what writes declares the operator's requirement
@Produces(MediaType.APPLICATION_JSON)
public class MovementResource {

    private final PackageWriter writer;
    private final GenerationGuard guard;

    public MovementResource(PackageWriter writer, GenerationGuard guard) {
        this.writer = writer;
        this.guard = guard;
    }

    @POST
    @Operation(operationId = "moveInFlightPackages", summary = "Move in-flight packages one step each",
            description = "Oldest first, each package at most once per request; written < requested when fewer are in flight")
    @SecurityRequirement(name = ProducerApi.OPERATOR)
    @APIResponse(responseCode = "401", ref = ProducerApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "200", description = "How many packages moved")
    @APIResponse(responseCode = "400", ref = ProducerApi.INVALID)
    @APIResponse(responseCode = "403", ref = ProducerApi.GENERATION_DISABLED)
    @APIResponse(responseCode = "503", ref = ProducerApi.DATABASE_DOWN)
    public Uni<WriteResult> move(@Parameter(description = "How many packages (default 10)") @QueryParam("quantity") String quantity) {
        guard.requireEnabled();
        return writer.move(Parameters.bounded("quantity", quantity, 10, 1, guard.maxQuantity()));
    }
}
