package com.logistics.cdc.reliability;

import java.util.function.Consumer;

/**
 * One fault of the chaos suite: injected while the producer's simulation writes, held a while (the writes go on),
 * then repaired the way an operator would (start what is down, restart the service, the customer comes back).
 *
 * @param fast whether it also runs in {@code make test} (a few seconds of fault, nothing that waits minutes)
 */
record Scenario(String name, boolean fast, Fault fault) {

    @FunctionalInterface
    interface Fault {
        /** Injects the fault and holds it; returns what repairs it. {@code note} adds a remark to the scenario's row. */
        Repair inject(ProductStack product, Consumer<String> note) throws Exception;
    }

    @FunctionalInterface
    interface Repair {
        void run() throws Exception;
    }

    static final Repair NOTHING = () -> { };
}
