package com.logistics.cdc.producer.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The OpenAPI document's shared parts: every error the operations answer, as an RFC 9457 problem, named once and
 * referred to by each operation that can answer it ({@code @APIResponse(ref = ...)}).
 */
@OpenAPIDefinition(info = @Info(title = "producer-service", version = "1.0.0-SNAPSHOT"), components = @Components(responses = {
        @APIResponse(name = ProducerApi.INVALID, responseCode = "400", description = "A parameter or body field is not a number,"
                + " or outside its limits: `parameter` names it and `limit` gives its range",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = ProducerApi.GENERATION_DISABLED, responseCode = "403", description = "Generating packages and"
                + " movements is switched off here (producer.generation.enabled=false)",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = ProducerApi.UNKNOWN_PACKAGE, responseCode = "404", description = "No package has this tracking code",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = ProducerApi.NOT_ACCEPTABLE, responseCode = "406", description = "The Accept header allows no JSON",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = ProducerApi.DELIVERED, responseCode = "409", description = "The package is delivered: it moves no more",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = ProducerApi.SIMULATION_RUNNING, responseCode = "409", description = "A simulation runs already",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = ProducerApi.DATABASE_DOWN, responseCode = "503", description = "PostgreSQL cannot be reached;"
                + " `written` counts the rows a generating request had committed before",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))}))
public class ProducerApi extends Application {

    static final String INVALID = "InvalidParameter";
    static final String GENERATION_DISABLED = "GenerationDisabled";
    static final String UNKNOWN_PACKAGE = "UnknownPackage";
    static final String NOT_ACCEPTABLE = "NotAcceptable";
    static final String DELIVERED = "PackageDelivered";
    static final String SIMULATION_RUNNING = "SimulationRunning";
    static final String DATABASE_DOWN = "DatabaseUnavailable";
}
