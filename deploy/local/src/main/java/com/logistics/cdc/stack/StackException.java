package com.logistics.cdc.stack;

/** A failure whose message is written for the person running the stack. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
