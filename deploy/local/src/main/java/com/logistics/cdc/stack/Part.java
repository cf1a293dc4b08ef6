package com.logistics.cdc.stack;

/** The servers of the local stack, in start order. */
public enum Part {
    POSTGRES("PostgreSQL", "postgres"),
    KAFKA("Kafka", "kafka"),
    CONNECT("Kafka Connect", "connect");

    private final String displayName;
    private final String id;

    Part(String displayName, String id) {
        this.displayName = displayName;
        this.id = id;
    }

    public String displayName() {
        return displayName;
    }

    /** Short name used for log, pid and state files. */
    public String id() {
        return id;
    }
}
