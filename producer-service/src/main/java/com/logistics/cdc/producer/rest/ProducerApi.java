package com.logistics.cdc.producer.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's shared parts: every error the operations answer, as an RFC 9457 problem, named once and
 * referred to by each operation that can answer it ({@code @APIResponse(ref = ...)}); and who may call what: the
 * operations that write require {@link #OPERATOR} in prod (application.properties, "Who may change state").
 */
@OpenAPIDefinition(info = @Info(title = "producer-service", version = "1.0.0-SNAPSHOT"), components = @Components(
        securitySchemes = @SecurityScheme(securitySchemeName = ProducerApi.OPERATOR, type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "In the prod profile: user `operator`, password OPERATOR_PASSWORD. Open in dev, tests, the local"
                        + " stack and Compose (OPERATOR_AUTH_ENABLED=false)"),
        responses = {
        @APIResponse(name = ProducerApi.UNAUTHENTICATED, responseCode = "401", description = "No valid operator credentials"
                + " (prod profile only)"),
        @APIResponse(name = ProducerApi.NOT_OPERATOR, responseCode = "403", description = "The caller is not an operator"
                + " (prod profile only)"),
        @APIResponse(name = ProducerApi.INVALID, responseCode = "400", description = "A parameter or body field is not a number,"
                + " or outside its limits: `parameter` names it and `limit` gives its range",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = ProducerApi.GENERATION_DISABLED, responseCode = "403", description = "Generating packages and"
                + " movements is switched off here (producer.generation.enabled=false); or, with no body, the caller"
                + " is not an operator",
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

    static final String OPERATOR = "operator";
    static final String UNAUTHENTICATED = "Unauthenticated";
    static final String NOT_OPERATOR = "NotOperator";
    static final String INVALID = "InvalidParameter";
    static final String GENERATION_DISABLED = "GenerationDisabled";
    static final String UNKNOWN_PACKAGE = "UnknownPackage";
    static final String NOT_ACCEPTABLE = "NotAcceptable";
    static final String DELIVERED = "PackageDelivered";
    static final String SIMULATION_RUNNING = "SimulationRunning";
    static final String DATABASE_DOWN = "DatabaseUnavailable";
}
