package com.logistics.cdc.stack.junit;

import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Part;
import com.logistics.cdc.stack.StackConfig;
import com.logistics.cdc.stack.StackException;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The local stack for a Quarkus test: only the parts it names, on free ports, in a throw-away folder, stopped
 * after the test class. Use it as
 * {@code @WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = "parts", value = "postgres,kafka"))}
 * and get the stack itself with an {@link InjectLocalStack} field. A service that has no datasource of its own (it
 * runs PostgreSQL only as Debezium's source) adds {@code @ResourceArg(name = "datasource", value = "false")}, so
 * Quarkus is not handed settings it does not know.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String PARTS = "parts";
    public static final String DATASOURCE = "datasource";

    private Set<Part> parts = EnumSet.allOf(Part.class);
    private boolean datasource = true;
    private LocalStack stack;

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault(PARTS, "postgres,kafka,connect");
        parts = EnumSet.noneOf(Part.class);
        for (String name : names.split(",")) {
            String id = name.trim().toLowerCase(Locale.ROOT);
            parts.add(Arrays.stream(Part.values()).filter(p -> p.id().equals(id)).findFirst()
                    .orElseThrow(() -> new StackException("Unknown stack part '" + name + "' (postgres, kafka, connect)")));
        }
        datasource = Boolean.parseBoolean(initArgs.getOrDefault(DATASOURCE, "true"));
    }

    @Override
    public Map<String, String> start() {
        stack = LocalStack.start(StackConfig.throwAway(parts));
        return quarkusConfig(stack.config(), datasource);
    }

    /**
     * The Quarkus settings that point a service at the stack. Dev Services are decided at build time, before
     * test resources run: a service using this resource disables them in its %test profile. The datasource's
     * settings only when {@code datasource} (the service has one).
     */
    public static Map<String, String> quarkusConfig(StackConfig config, boolean datasource) {
        Map<String, String> settings = new HashMap<>();
        if (datasource && config.parts().contains(Part.POSTGRES)) {
            settings.put("quarkus.datasource.jdbc.url", config.jdbcUrl());
            settings.put("quarkus.datasource.reactive.url",
                    "postgresql://" + config.host() + ":" + config.postgresPort() + "/" + config.database());
            settings.put("quarkus.datasource.username", config.user());
            settings.put("quarkus.datasource.password", config.password());
        }
        if (config.parts().contains(Part.KAFKA)) {
            settings.put("kafka.bootstrap.servers", config.bootstrapServers());
        }
        if (config.parts().contains(Part.CONNECT)) {
            settings.put("stack.connect.url", config.connectUrl());
        }
        return settings;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack,
                new TestInjector.AnnotatedAndMatchesType(InjectLocalStack.class, LocalStack.class));
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
            stack.deleteState();
        }
    }
}
