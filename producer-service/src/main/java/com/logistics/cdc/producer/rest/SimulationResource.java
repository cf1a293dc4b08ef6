package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.config.ProducerConfig;
import com.logistics.cdc.producer.service.Simulation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

@Path("/simulation")
@SecurityRequirements // reading is open to any caller; what writes declares the operator's requirement
@Produces(MediaType.APPLICATION_JSON)
public class SimulationResource {

    /** All optional: defaults come from producer.simulation.*. */
    public record Request(Integer ratePerSecond, Integer concurrency, Integer durationSeconds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false); // 2.7 is refused, not read as 2

    private final Simulation simulation;
    private final ProducerConfig.Simulation limits;
    private final GenerationGuard guard;

    public SimulationResource(Simulation simulation, ProducerConfig config, GenerationGuard guard) {
        this.simulation = simulation;
        this.limits = config.simulation();
        this.guard = guard;
    }

    @POST
    @Operation(operationId = "startSimulation", summary = "Start a continuous mix of new packages and movements (409 if one runs)")
    @SecurityRequirement(name = ProducerApi.OPERATOR)
    @APIResponse(responseCode = "401", ref = ProducerApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "201", description = "The simulation started; its state")
    @APIResponse(responseCode = "400", ref = ProducerApi.INVALID)
    @APIResponse(responseCode = "403", ref = ProducerApi.GENERATION_DISABLED)
    @APIResponse(responseCode = "409", ref = ProducerApi.SIMULATION_RUNNING)
    @Consumes(MediaType.WILDCARD)
    public Response start(String json) {
        guard.requireEnabled();
        Request body = parse(json);
        Simulation.Settings settings = new Simulation.Settings(
                Parameters.bounded("ratePerSecond", body.ratePerSecond(), limits.defaultRatePerSecond(), 1, maxOf("ratePerSecond")),
                Parameters.bounded("concurrency", body.concurrency(), limits.defaultConcurrency(), 1, maxOf("concurrency")),
                Parameters.bounded("durationSeconds", body.durationSeconds(), limits.defaultDurationSeconds(), 1, maxOf("durationSeconds")));
        return Response.status(Response.Status.CREATED).entity(simulation.start(settings)).build();
    }

    /** Read by hand so that no body, or no Content-Type, means all defaults rather than a 415. */
    private Request parse(String json) {
        if (json == null || json.isBlank()) {
            return new Request(null, null, null);
        }
        try {
            Request request = JSON.readValue(json, Request.class);
            if (request == null) { // the body `null`
                throw new ProblemException(Problem.of(400, "Unreadable request body",
                        "The body must be a JSON object with any of ratePerSecond, concurrency and durationSeconds"));
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw new ProblemException(Problem.invalidParameter(e.getPropertyName(), null, "Unknown field "
                    + e.getPropertyName() + "; the fields are ratePerSecond, concurrency and durationSeconds"));
        } catch (JsonMappingException e) { // a string, a fraction, a number past an int's: the field and its range
            if (e.getPath().isEmpty() || e.getPath().getLast().getFieldName() == null) {
                throw new ProblemException(Problem.of(400, "Unreadable request body", e.getOriginalMessage()));
            }
            String field = e.getPath().getLast().getFieldName();
            throw Parameters.outOfRange(field, 1, maxOf(field), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.of(400, "Unreadable request body", e.getOriginalMessage()));
        }
    }

    private int maxOf(String field) {
        return switch (field) {
            case "ratePerSecond" -> limits.maxRatePerSecond();
            case "concurrency" -> limits.maxConcurrency();
            case "durationSeconds" -> limits.maxDurationSeconds();
            default -> throw new IllegalArgumentException("no field " + field);
        };
    }

    @GET
    @Operation(operationId = "getSimulation", summary = "State and counters of the current or last simulation")
    @APIResponse(responseCode = "200", description = "The state of the current or last simulation")
    @APIResponse(responseCode = "406", ref = ProducerApi.NOT_ACCEPTABLE)
    public Simulation.State state() {
        return simulation.state();
    }

    @DELETE
    @Operation(operationId = "stopSimulation", summary = "Stop the simulation")
    @SecurityRequirement(name = ProducerApi.OPERATOR)
    @APIResponse(responseCode = "401", ref = ProducerApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", ref = ProducerApi.NOT_OPERATOR)
    @APIResponse(responseCode = "200", description = "The state of the simulation, stopped")
    @APIResponse(responseCode = "406", ref = ProducerApi.NOT_ACCEPTABLE)
    public Simulation.State stop() {
        return simulation.stop();
    }
}
