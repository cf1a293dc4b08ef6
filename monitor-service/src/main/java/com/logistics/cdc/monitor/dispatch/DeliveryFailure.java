package com.logistics.cdc.monitor.dispatch;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

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

    /**
     * The customer's answer, if it is a delivery: only a 2xx is. The client throws for 4xx and 5xx itself, and
     * follows no redirect, so a 3xx (a base URL moved behind one, say) would otherwise count as delivered; it is
     * refused instead, and dead-lettered with its status for an operator to fix the URL and replay.
     */
    static Response delivered(Response response) {
        if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
            throw new Permanent("HTTP " + response.getStatus() + " (not a 2xx)", response.getStatus(), null);
        }
        return response;
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
