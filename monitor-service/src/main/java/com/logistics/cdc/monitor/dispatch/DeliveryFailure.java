package com.logistics.cdc.monitor.dispatch;

import jakarta.ws.rs.WebApplicationException;

/** Why a call to a customer failed, and whether trying again can help. */
public class DeliveryFailure extends RuntimeException {

    private final int status;

    DeliveryFailure(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** 408, 429, 5xx, timeouts and connection errors: worth another try. */
    public static class Retryable extends DeliveryFailure {
        Retryable(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    /** Any other 4xx: the customer refuses this movement; trying again would not change that. */
    public static class Permanent extends DeliveryFailure {
        Permanent(String message, int status, Throwable cause) {
            super(message, status, cause);
        }
    }

    public int status() {
        return status;
    }

    static DeliveryFailure classify(Throwable failure) {
        if (failure instanceof DeliveryFailure known) {
            return known;
        }
        if (failure instanceof WebApplicationException http) {
            int status = http.getResponse().getStatus();
            String message = "HTTP " + status;
            return status == 408 || status == 429 || status >= 500
                    ? new Retryable(message, status, failure)
                    : new Permanent(message, status, failure);
        }
        return new Retryable(failure.getClass().getSimpleName() + ": " + failure.getMessage(), 0, failure);
    }
}
