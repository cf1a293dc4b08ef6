package com.logistics.cdc.monitor.dispatch;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code make replay-dead-letters}: dead-lettered movements back to their customers, once the cause is fixed. */
@Path("/dead-letters/replay")
public class DeadLetterResource {

    private final DeadLetterReplay replay;

    public DeadLetterResource(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public DeadLetterReplay.Result replay() {
        return replay.replay();
    }
}
