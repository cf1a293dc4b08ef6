package com.logistics.cdc.monitor;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The monitor is alive once Quarkus has started it; readiness gains a Kafka check with the consumer. */
@Liveness
@ApplicationScoped
public class MonitorLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("monitor-service");
    }
}
