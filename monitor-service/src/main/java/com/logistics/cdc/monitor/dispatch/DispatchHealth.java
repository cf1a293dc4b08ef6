package com.logistics.cdc.monitor.dispatch;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.util.Collection;
import java.util.List;

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
        return of(dispatch.customers(), dispatch.stopped());
    }

    static HealthCheckResponse of(Collection<Integer> customers, List<Integer> stopped) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("customer dispatch").status(stopped.isEmpty());
        for (int customer : customers) {
            response.withData("customer " + customer, stopped.contains(customer) ? "stopped" : "running");
        }
        return response.build();
    }
}
