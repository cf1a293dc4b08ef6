package com.logistics.cdc.monitor.dispatch;

import com.logistics.cdc.monitor.config.MonitorConfig;
import com.logistics.cdc.monitor.event.ChangeEvent;
import com.logistics.cdc.monitor.event.MovementRouter;
import com.logistics.cdc.monitor.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * Routes each movement to its customer's topic, starts one dispatcher per configured customer (their topics first)
 * to deliver from there, and stops them with the service.
 */
@Singleton
public class Dispatch implements MovementRouter {

    private static final Logger LOG = Logger.getLogger(Dispatch.class);

    private final MonitorConfig.Dispatch config;
    private final DispatchTopics topics;
    private final MeterRegistry registry;
    private final KafkaClients clients;
    private final List<CustomerDispatcher> dispatchers = new ArrayList<>();
    private final List<DispatchStats> stats = new ArrayList<>();
    /** Each customer's dispatcher thread, by customer id (written at start, read by the health check). */
    private final Map<Integer, Thread> threads = new ConcurrentSkipListMap<>();
    private volatile boolean stopping;

    public Dispatch(MonitorConfig config, DispatchTopics topics, MeterRegistry registry,
                    KafkaClients clients) {
        this.config = config.dispatch();
        this.topics = topics;
        this.registry = registry;
        this.clients = clients;
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        topics.create();
        for (MonitorConfig.Customer customer : config.customers()) {
            CustomerApi api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(customer.baseUrl())
                    .connectTimeout(Math.min(customer.timeout().toMillis(), 5_000), TimeUnit.MILLISECONDS)
                    .readTimeout(customer.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    // one connection per request in flight (the client's default pool of 50 capped customer 2)
                    .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, customer.concurrency())
                    .build(CustomerApi.class);
            DispatchStats customerStats = new DispatchStats(customer.id(), registry);
            CustomerDispatcher dispatcher = new CustomerDispatcher(customer, api, topics, customerStats,
                    config.bufferPerPartition(), clients);
            stats.add(customerStats);
            dispatchers.add(dispatcher);
            threads.put(customer.id(), Thread.ofPlatform().name("dispatch-customer-" + customer.id()).start(dispatcher));
            LOG.infof("Dispatching customer %d to %s (%d in flight, timeout %s)", customer.id(), customer.baseUrl(),
                    customer.concurrency(), customer.timeout());
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        dispatchers.forEach(CustomerDispatcher::stop);
        for (Thread thread : threads.values()) {
            thread.join(10_000);
        }
    }

    /**
     * Each customer dispatched to (none when dispatch is off), by id: whether its dispatcher runs. An error it could
     * not handle (logged as "Dispatcher of customer N stopped") ends its thread while the service runs, and that
     * customer gets nothing until a restart.
     */
    public Map<Integer, Boolean> running() {
        Map<Integer, Boolean> running = new TreeMap<>();
        threads.forEach((customer, thread) -> running.put(customer, stopping || thread.isAlive()));
        return running;
    }

    /** Knows the customer: movements of any other go to the dead-letter topic. */
    @Override
    public boolean knows(int customerId) {
        return config.customers().stream().anyMatch(c -> c.id() == customerId);
    }

    @Override
    public Uni<Void> route(ChangeEvent movement) {
        return topics.enqueue(CustomerNotification.of(movement));
    }

    public List<DispatchStats.Snapshot> snapshot() {
        return stats.stream().map(DispatchStats::snapshot).toList();
    }
}
