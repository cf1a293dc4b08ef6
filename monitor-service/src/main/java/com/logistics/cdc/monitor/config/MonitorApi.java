package com.logistics.cdc.monitor.config;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's shared parts: the errors the operations answer, named once and referred to by each; and who
 * may call what: replaying dead letters requires {@link #OPERATOR} in prod (application.properties).
 */
@OpenAPIDefinition(info = @Info(title = "monitor-service", version = "1.0.0-SNAPSHOT"), components = @Components(
        securitySchemes = @SecurityScheme(securitySchemeName = MonitorApi.OPERATOR, type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "In the prod profile: user `operator`, password OPERATOR_PASSWORD. Open in dev, tests, the local"
                        + " stack and Compose (OPERATOR_AUTH_ENABLED=false)"),
        responses = {
        @APIResponse(name = MonitorApi.UNAUTHENTICATED, responseCode = "401", description = "No valid operator credentials"
                + " (prod profile only)"),
        @APIResponse(name = MonitorApi.NOT_OPERATOR, responseCode = "403", description = "The caller is not an operator"
                + " (prod profile only)"),
        @APIResponse(name = MonitorApi.NOT_ACCEPTABLE, responseCode = "406",
                description = "The Accept header allows none of the operation's media types"),
        @APIResponse(name = MonitorApi.KAFKA_UNAVAILABLE, responseCode = "503",
                description = "Kafka did not answer in time (an RFC 9457 problem, application/problem+json); nothing was replayed"
                        + " past what the answer before it counted")}))
public class MonitorApi extends Application {

    public static final String OPERATOR = "operator";
    public static final String UNAUTHENTICATED = "Unauthenticated";
    public static final String NOT_OPERATOR = "NotOperator";
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String KAFKA_UNAVAILABLE = "KafkaUnavailable";
}
