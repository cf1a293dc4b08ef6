package com.logistics.cdc.stack;

import java.util.List;

/** What Kafka Connect says of a connector: its own state and each task's (a failed task has a trace). */
public record ConnectorStatus(String name, String state, List<Task> tasks) {

    public record Task(int id, String state, String trace) {
    }

    public static ConnectorStatus absent(String name) {
        return new ConnectorStatus(name, "ABSENT", List.of());
    }

    /** Running means the connector and every task run: a failed task leaves the connector itself RUNNING. */
    public boolean running() {
        return "RUNNING".equals(state) && !tasks.isEmpty() && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    public boolean anyTaskFailed() {
        return "FAILED".equals(state) || tasks.stream().anyMatch(t -> "FAILED".equals(t.state()));
    }

    public String summary() {
        StringBuilder text = new StringBuilder(name).append(": connector ").append(state);
        for (Task task : tasks) {
            text.append(", task ").append(task.id()).append(' ').append(task.state());
        }
        if (tasks.isEmpty() && !"ABSENT".equals(state)) {
            text.append(", no task yet");
        }
        return text.toString();
    }

    public String firstTrace() {
        return tasks.stream().map(Task::trace).filter(t -> t != null && !t.isBlank()).findFirst().orElse("");
    }
}
