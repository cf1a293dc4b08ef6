package com.logistics.cdc.monitor.dispatch;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A customer's API, as the contract defines it; one client per customer, built from its configuration. */
@Path("/package-status")
public interface CustomerApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> notify(@HeaderParam("Idempotency-Key") String idempotencyKey,
                         @HeaderParam("Authorization") String authorization,
                         CustomerNotification notification);
}
