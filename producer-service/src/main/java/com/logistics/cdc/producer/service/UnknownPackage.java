package com.logistics.cdc.producer.service;

/** No package has this tracking code. */
public class UnknownPackage extends RuntimeException {

    private final String trackingCode;

    public UnknownPackage(String trackingCode) {
        super("No package with tracking code " + trackingCode);
        this.trackingCode = trackingCode;
    }

    public String trackingCode() {
        return trackingCode;
    }
}
