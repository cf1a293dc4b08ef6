package com.logistics.cdc.producer.service;

/**
 * A generating request that failed part way: each batch is its own transaction, so the batches written before the
 * failure are committed (and streamed by Debezium) and the others are not written at all; never half a batch.
 */
public class PartlyWritten extends RuntimeException {

    private final transient WriteResult result;

    PartlyWritten(WriteResult result, Throwable cause) {
        super(result.written() + " of " + result.requested() + " packages " + result.kind() + " before the failure: "
                + cause.getMessage(), cause);
        this.result = result;
    }

    /** What was written and committed before the failure. */
    public WriteResult result() {
        return result;
    }
}
