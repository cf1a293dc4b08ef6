package com.logistics.cdc.monitor.event;

/** A message on the CDC topic that is not a change event of package_status; the reason says why. */
public class MalformedChangeEvent extends Exception {

    public MalformedChangeEvent(String reason) {
        super(reason);
    }

    public MalformedChangeEvent(String reason, Throwable cause) {
        super(reason, cause);
    }
}
