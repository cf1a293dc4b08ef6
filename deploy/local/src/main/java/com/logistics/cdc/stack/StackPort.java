package com.logistics.cdc.stack;

/** A TCP port the stack listens on, with the environment variable that moves it. */
public record StackPort(String server, String variable, int number) {
}
