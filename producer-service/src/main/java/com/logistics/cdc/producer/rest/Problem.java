package com.logistics.cdc.producer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}); {@code parameter} and {@code limit} name
 * what was wrong with the request when a parameter was; {@code written} is how many rows a generating request that
 * failed part way had committed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String parameter, String limit, Integer written) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null);
    }

    public static Problem invalidParameter(String parameter, String limit, String detail) {
        return new Problem("about:blank", "Invalid parameter", 400, detail, parameter, limit, null);
    }

    public Problem withWritten(int rows) {
        return new Problem(type, title, status, detail, parameter, limit, rows);
    }
}
