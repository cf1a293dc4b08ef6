package com.logistics.cdc.monitor.config;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The OpenAPI document's shared parts: the errors the operations answer, named once and referred to by each. */
@OpenAPIDefinition(info = @Info(title = "monitor-service", version = "1.0.0-SNAPSHOT"), components = @Components(responses = {
        @APIResponse(name = MonitorApi.NOT_ACCEPTABLE, responseCode = "406",
                description = "The Accept header allows none of the operation's media types"),
        @APIResponse(name = MonitorApi.KAFKA_UNAVAILABLE, responseCode = "503",
                description = "Kafka did not answer in time (an RFC 9457 problem, application/problem+json); nothing was replayed"
                        + " past what the answer before it counted")}))
public class MonitorApi extends Application {

    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String KAFKA_UNAVAILABLE = "KafkaUnavailable";
}
