package com.logistics.cdc.monitor.dispatch;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.util.Map;

/**
 * Live while every customer's dispatcher runs. One that stopped delivers nothing more to its customer (its
 * movements wait in its topic, nothing is lost) until the service restarts: so the service says it is not live,
 * and an orchestrator restarts it.
 */
@Liveness
@Singleton
public class DispatchHealth implements HealthCheck {

    private final Dispatch dispatch;

    public DispatchHealth(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public HealthCheckResponse call() {
        return of(dispatch.running());
    }

    static HealthCheckResponse of(Map<Integer, Boolean> running) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("customer dispatch")
                .status(!running.containsValue(false));
        running.forEach((customer, runs) -> response.withData("customer " + customer, runs ? "running" : "stopped"));
        return response.build();
    }
}
