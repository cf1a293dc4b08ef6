package com.logistics.cdc.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Settings of the monitor, validated at start-up. */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

    /** The Debezium topic of package_status. */
    @WithDefault("dbserver1.public.package_status")
    String topic();

    /** Event ids remembered to drop re-sent events (Debezium re-sends after a Connect restart). */
    @WithDefault("100000")
    @Min(1)
    int dedupeWindow();

    /** Events read back from the topic at start, so a restart shows none of them twice. */
    @WithDefault("10000")
    @Min(0)
    int warmUpEvents();

    /** Latest movements kept for the dashboard. */
    @WithDefault("100")
    @Min(1)
    int latestMovements();

    /** Packages whose history is kept, and movements per package. */
    @WithDefault("20000")
    @Min(1)
    int historyPackages();

    @WithDefault("30")
    @Min(1)
    int historyPerPackage();

    /** Latencies kept for the dashboard's percentiles. */
    @WithDefault("10000")
    @Min(100)
    int latencySamples();
}
