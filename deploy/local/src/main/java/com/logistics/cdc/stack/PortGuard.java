package com.logistics.cdc.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.Collectors;

/** Fails before anything starts if a port the stack needs is taken, naming the variable that moves it. */
final class PortGuard {

    private PortGuard() {
    }

    static void requireFree(String host, List<StackPort> ports) {
        List<StackPort> taken = ports.stream().filter(port -> !free(host, port.number())).toList();
        if (taken.isEmpty()) {
            return;
        }
        String lines = taken.stream()
                .map(port -> "  port " + port.number() + " (" + port.server() + ") is already in use on " + host
                        + ": stop what uses it, or choose another port with " + port.variable() + "=<port>")
                .collect(Collectors.joining("\n"));
        StackPort first = taken.getFirst();
        throw new StackException("Cannot start the local stack, nothing was started:\n" + lines
                + "\n  e.g. " + first.variable() + "=" + (first.number() + 10000) + " make up");
    }

    static boolean free(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
