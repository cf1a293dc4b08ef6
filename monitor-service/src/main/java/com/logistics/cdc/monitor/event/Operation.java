package com.logistics.cdc.monitor.event;

/** Debezium's {@code op}: what happened to the row. */
public enum Operation {
    CREATE("c"), UPDATE("u"), DELETE("d"), READ("r"), TRUNCATE("t");

    /** {@code values()} copies its array at every call. */
    private static final Operation[] ALL = values();

    private final String code;

    Operation(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The operation for a code, or null when Debezium sent one we do not know. Called for every event. */
    public static Operation fromCode(String code) {
        for (Operation op : ALL) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        return null;
    }
}
