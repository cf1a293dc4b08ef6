package com.logistics.cdc.producer.rest;

/** Parsing of request parameters into values or a problem naming the parameter and its limit. */
final class Parameters {

    private Parameters() {
    }

    /** An integer in [min, max]; absent means {@code fallback}. */
    static int bounded(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw outOfRange(name, min, max, "'" + raw + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw outOfRange(name, min, max, value + " is out of range");
        }
        return (int) value;
    }

    static int bounded(String name, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw outOfRange(name, min, max, value + " is out of range");
        }
        return value;
    }

    static ProblemException outOfRange(String name, int min, int max, String what) {
        return new ProblemException(Problem.invalidParameter(name, min + ".." + max,
                name + " must be a whole number from " + min + " to " + max + ": " + what));
    }

    /** The longest tracking code the table holds ({@code VARCHAR(32)}). */
    static final int TRACKING_CODE_MAX = 32;

    /**
     * A tracking code as a path gives it: 1 to 32 characters, none a control character (PostgreSQL refuses a NUL in
     * text, which would otherwise surface as a 500).
     */
    static String trackingCode(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > TRACKING_CODE_MAX || raw.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(Problem.invalidParameter("trackingCode", "1.." + TRACKING_CODE_MAX + " characters",
                    "trackingCode must be 1 to " + TRACKING_CODE_MAX + " characters, none of them a control character"));
        }
        return raw;
    }
}
