package com.logistics.cdc.monitor.dispatch;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchHealthTest {

    @Test
    void liveWhileEveryDispatcherRuns() {
        HealthCheckResponse response = DispatchHealth.of(Map.of(1, true, 2, true, 3, true));
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData()).hasValue(Map.of("customer 1", "running", "customer 2", "running", "customer 3", "running"));
    }

    @Test
    void notLiveOnceOneHasStopped() {
        HealthCheckResponse response = DispatchHealth.of(Map.of(1, true, 2, false, 3, true));
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).hasValue(Map.of("customer 1", "running", "customer 2", "stopped", "customer 3", "running"));
    }
}
