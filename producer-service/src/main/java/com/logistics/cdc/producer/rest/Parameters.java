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
}
