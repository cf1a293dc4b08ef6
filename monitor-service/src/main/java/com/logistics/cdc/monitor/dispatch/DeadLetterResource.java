package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.monitor.config.MonitorApi;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** {@code make replay-dead-letters}: dead-lettered movements back to their customers, once the cause is fixed. */
@Path("/dead-letters/replay")
public class DeadLetterResource {

    private final DeadLetterReplay replay;

    public DeadLetterResource(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayDeadLetters", summary = "Send the undeliverable movements to their customers again",
            description = "Each dead letter once, with its event id as the Idempotency-Key")
    @SecurityRequirement(name = MonitorApi.OPERATOR)
    @APIResponse(responseCode = "200", description = "How many were replayed, and how many were unreadable and skipped")
    @APIResponse(responseCode = "401", ref = MonitorApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = MonitorApi.NOT_OPERATOR)
    @APIResponse(responseCode = "406", ref = MonitorApi.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "503", ref = MonitorApi.KAFKA_UNAVAILABLE)
    public DeadLetterReplay.Result replay() {
        return replay.replay();
    }

    /** Kafka did not answer (a timeout, an unreachable broker): a problem the caller can retry, not a 500. */
    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> kafkaUnavailable(KafkaException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE, Map.<String, Object>of(
                        "type", "about:blank", "title", "Kafka unavailable", "status", 503,
                        "detail", String.valueOf(e.getMessage())))
                .type("application/problem+json").build();
    }
}
