# Package-movement CDC pipeline. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A JDK >= 21, found whatever the machine's default java is (see .ci/find-jdk).
JAVA_HOME := $(shell .ci/find-jdk)
ifeq ($(JAVA_HOME),)
$(error No JDK >= 21 found. Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME)
endif
export JAVA_HOME
JAVA := $(JAVA_HOME)/bin/java
MVN := ./mvnw -B -ntp

Q ?= 10
N ?= 100000

STACK_CLASSPATH := deploy/local/target/classes/local-stack/server.classpath
STACK_SOURCES := pom.xml deploy/local/pom.xml $(shell find deploy/local/src/main -type f 2>/dev/null)
stack = "$(JAVA)" -cp "deploy/local/target/classes:$$(cat $(STACK_CLASSPATH))" $(1)
STACK := $(call stack,com.logistics.cdc.stack.StackCli)

.PHONY: help build up up-logs down create-connector status clean generate start-monitoring demo test bench-cdc native

help: ## Show this list
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STACK_CLASSPATH): $(STACK_SOURCES)
	$(MVN) -q -pl deploy/local -am package -DskipTests
	@touch $@

build: ## Build everything (no tests)
	$(MVN) -q package -DskipTests

up: $(STACK_CLASSPATH) ## Start PostgreSQL, Kafka (KRaft), Kafka Connect + Debezium, register the connector (detached)
	@$(STACK) up

up-logs: up ## Start the stack and follow its logs (Ctrl-C stops following, not the stack)
	@tail -n 20 -F "$$($(STACK) home)"/logs/*.log

down: $(STACK_CLASSPATH) ## Stop every process of the stack, by pid
	@$(STACK) down

create-connector: $(STACK_CLASSPATH) ## Create or update the Debezium connector; restarts a failed task
	@$(STACK) create-connector

status: $(STACK_CLASSPATH) ## Each part up or down, the connector's state, topic offsets
	@$(STACK) status

clean: $(STACK_CLASSPATH) ## Stop the stack and wipe its state (data, logs, pids)
	@$(STACK) clean

generate: $(STACK_CLASSPATH) ## Write Q (default 10) sample packages with plain SQL and show their events
	@$(STACK) sample $(Q)

start-monitoring: $(STACK_CLASSPATH) ## Print the change events of dbserver1.public.package_status as they arrive
	@$(STACK) watch

demo: up ## Start the stack, write Q sample movements, show their change events
	@$(STACK) sample $(Q)

test: ## Run the whole test suite (real PostgreSQL, Kafka, Connect, Debezium)
	$(MVN) verify

bench-cdc: up ## CDC latency and throughput: Debezium defaults vs our connector config, N rows (default 100000)
	@$(call stack,com.logistics.cdc.stack.bench.CdcBenchmark) $(N)

native: ## Native executables of both services (needs a container engine for the Mandrel builder image)
	$(MVN) package -Pnative -DskipTests -pl producer-service,monitor-service -am
