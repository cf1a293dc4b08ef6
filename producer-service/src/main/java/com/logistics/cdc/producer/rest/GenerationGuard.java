package com.logistics.cdc.producer.rest;

import com.logistics.cdc.producer.config.ProducerConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The generating endpoints answer only where generation is switched on (it is off in prod by default). */
@ApplicationScoped
class GenerationGuard {

    private final ProducerConfig config;

    GenerationGuard(ProducerConfig config) {
        this.config = config;
    }

    void requireEnabled() {
        if (!config.generation().enabled()) {
            throw new ProblemException(Problem.of(403, "Generation disabled",
                    "Writing generated packages is switched off here (producer.generation.enabled=false)"));
        }
    }

    int maxQuantity() {
        return config.generation().maxQuantity();
    }
}
