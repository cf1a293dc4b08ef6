package com.logistics.cdc.stack;

/**
 * The product's Kafka topics, named once for the tools, tests and benchmarks (the services take theirs from their
 * configuration, whose defaults are these).
 */
public final class Topics {

    /** Debezium's change events of {@code public.package_status}: {@code <topic.prefix>.<schema>.<table>}. */
    public static final String CHANGES = "dbserver1.public.package_status";
    /** Messages of {@link #CHANGES} the monitor could not read, as they were, with the reason in a header. */
    public static final String UNREADABLE = CHANGES + ".unreadable";
    /** Movements a customer refused, or that ran out of retries: what {@code make replay-dead-letters} sends again. */
    public static final String UNDELIVERABLE = "package-status.undeliverable";
    public static final String CUSTOMER_PREFIX = "package-status.customer-";

    private Topics() {
    }

    /** One customer's movements, keyed by package. */
    public static String customer(int id) {
        return CUSTOMER_PREFIX + id;
    }
}
