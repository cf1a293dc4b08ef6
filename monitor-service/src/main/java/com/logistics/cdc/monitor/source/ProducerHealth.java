package com.logistics.cdc.monitor.source;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * producer-service's wellness checks ({@code /q/health/well}, MicroProfile Health's document): 200 when every
 * check is UP, 503 with the same document when one is DOWN.
 */
@Path("/q/health/well")
public interface ProducerHealth {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Response wellness();

    @RegisterForReflection
    record Document(String status, List<Check> checks) {
    }

    @RegisterForReflection
    record Check(String name, String status, Map<String, Object> data) {
    }
}
