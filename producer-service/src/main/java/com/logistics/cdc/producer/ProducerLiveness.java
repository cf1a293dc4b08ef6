package com.logistics.cdc.producer;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The producer is alive once Quarkus has started it; readiness gains a database check with the data layer. */
@Liveness
@ApplicationScoped
public class ProducerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("producer-service");
    }
}
