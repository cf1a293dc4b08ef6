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
PRODUCER_PORT ?= 8080
MONITOR_PORT ?= 8081
export PRODUCER_PORT MONITOR_PORT

STACK_CLASSPATH := deploy/local/target/classes/local-stack/server.classpath
STACK_SOURCES := pom.xml deploy/local/pom.xml $(shell find deploy/local/src/main -type f 2>/dev/null)
stack = "$(JAVA)" -cp "deploy/local/target/classes:$$(cat $(STACK_CLASSPATH))" $(1)
STACK := $(call stack,com.logistics.cdc.stack.StackCli)
BENCH_CLASSES := benchmarks/target/classes/com/logistics/cdc/bench
BENCH_SOURCES := $(STACK_SOURCES) benchmarks/pom.xml $(shell find benchmarks/src/main -type f 2>/dev/null)
bench = "$(JAVA)" -cp "benchmarks/target/classes:deploy/local/target/classes:$$(cat $(STACK_CLASSPATH))" com.logistics.cdc.bench.$(1)

RELIABILITY_CLASSES := reliability/target/classes/com/logistics/cdc/reliability
RELIABILITY_SOURCES := $(STACK_SOURCES) reliability/pom.xml $(shell find reliability/src/main -type f 2>/dev/null)
reliability = "$(JAVA)" -cp "reliability/target/classes:deploy/local/target/classes:$$(cat $(STACK_CLASSPATH))" com.logistics.cdc.reliability.$(1)
CHAOS ?= all
SOAK_MINUTES ?= 30
SOAK_RATE ?= 20

PRODUCER_JAR := producer-service/target/quarkus-app/quarkus-run.jar
PRODUCER_SOURCES := pom.xml producer-service/pom.xml $(shell find producer-service/src/main -type f 2>/dev/null)
MONITOR_JAR := monitor-service/target/quarkus-app/quarkus-run.jar
MONITOR_BUILT := monitor-service/target/quarkus-app.built
MONITOR_SOURCES := pom.xml monitor-service/pom.xml $(shell find monitor-service/src/main -type f 2>/dev/null)

# Containers: podman (with this project's containers.conf: runc, ulimits), or docker where that is the engine.
CONTAINER_ENGINE ?= $(if $(shell command -v podman 2>/dev/null),podman,docker)
CONTAINERS_CONF ?= $(CURDIR)/deploy/containers/containers.conf
export CONTAINER_ENGINE CONTAINERS_CONF
IMAGES_BUILT := deploy/containers/target/images.built
IMAGE_SOURCES := $(shell find deploy/containers -path deploy/containers/target -prune -o -type f -print) \
	$(wildcard producer-service/src/main/docker/*) $(wildcard monitor-service/src/main/docker/*)
COMPOSE := deploy/compose/compose.sh

.PHONY: kubernetes bench-start images compose-up compose-down compose-clean compose-logs compose-demo dev-producer dev-monitor
.PHONY: chaos soak ledger help build up up-logs down create-connector status clean producer-up monitor-up generate start-monitoring replay-dead-letters watch-topic demo test bench-cdc bench-producer bench-monitor bench-dispatch native

help: ## Show this list
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STACK_CLASSPATH): $(STACK_SOURCES)
	$(MVN) -q -pl deploy/local -am package -DskipTests
	@touch $@

$(BENCH_CLASSES): $(BENCH_SOURCES)
	$(MVN) -q -pl benchmarks -am package -DskipTests
	@touch $(STACK_CLASSPATH) $@

$(RELIABILITY_CLASSES): $(RELIABILITY_SOURCES)
	$(MVN) -q -pl reliability -am package -DskipTests
	@touch $(STACK_CLASSPATH) $@

$(PRODUCER_JAR): $(PRODUCER_SOURCES)
	$(MVN) -q -pl producer-service -am package -DskipTests
	@touch $@

# Packaged, then (JDK 25+) its AOT cache recorded while MonitorCatchUpIT runs the jar on a throw-away Kafka.
# The rule's target is a stamp beside the jar: touching the jar itself after the cache was recorded would make
# the JVM refuse the cache (it checks the jar's timestamp) and start the monitor without it. A jar newer than the
# stamp was packaged since by something else (a plain ./mvnw package or verify, which records no cache): again.
MONITOR_TRAINING := -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=MonitorCatchUpIT -Dfailsafe.failIfNoSpecifiedTests=false
$(MONITOR_BUILT): $(MONITOR_SOURCES) $(wildcard $(MONITOR_JAR))
	@echo "monitor-service: packaging, then recording its AOT cache (MonitorCatchUpIT, about a minute)"
	$(MVN) -q -pl monitor-service -am verify $(MONITOR_TRAINING)
	@touch $@

build: ## Build everything (no tests but the one that records monitor-service's AOT cache)
	$(MVN) -q verify $(MONITOR_TRAINING)
	@touch $(MONITOR_BUILT)

up: $(STACK_CLASSPATH) ## Start PostgreSQL, Kafka (KRaft), Connect + Debezium (connector registered), customer APIs 1-3
	@$(STACK) up
	@$(STACK) customers-up

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

producer-up: up $(PRODUCER_JAR) ## Start producer-service on the stack (port PRODUCER_PORT, default 8080)
	@$(STACK) service-up producer-service $(PRODUCER_JAR) $(PRODUCER_PORT)

generate: producer-up ## Ask the producer for Q (default 10) new packages and Q movements; show how fast, and the events
	@$(STACK) generate $(Q)

MONITOR_NAME ?= monitor-service
monitor-up: up $(MONITOR_BUILT) ## Start monitor-service on the stack (dashboard at http://127.0.0.1:MONITOR_PORT/); another instance: MONITOR_NAME=monitor-service-2 MONITOR_PORT=8082
	@$(STACK) service-up $(MONITOR_NAME) $(MONITOR_JAR) $(MONITOR_PORT)

start-monitoring: monitor-up ## One decoded line per movement as monitor-service sees it (Ctrl-C stops)
	@$(STACK) follow http://127.0.0.1:$(MONITOR_PORT)/movements/stream

replay-dead-letters: monitor-up ## Send the undeliverable movements (package-status.undeliverable) to their customers again
	@$(STACK) post http://127.0.0.1:$(MONITOR_PORT)/dead-letters/replay

ledger: $(STACK_CLASSPATH) ## Committed movements (PostgreSQL, the change topic) vs the customers' journals and dead letters: lost, out of order, duplicates
	@$(STACK) ledger $(PREFIX)

watch-topic: $(STACK_CLASSPATH) ## The raw change events of dbserver1.public.package_status, from the beginning
	@$(STACK) watch

demo: monitor-up generate ## Stack + producer + monitor, generate Q packages and movements, show their events
	@echo "Dashboard:        http://127.0.0.1:$(MONITOR_PORT)/   (live; make start-monitoring prints the same in the terminal)"
	@echo "producer-service: http://127.0.0.1:$(PRODUCER_PORT)/q/swagger-ui   (make down stops everything)"

test: ## Run the whole test suite (real PostgreSQL, Kafka, Connect, Debezium)
	$(MVN) verify
	@touch $(MONITOR_BUILT)

bench-cdc: up $(BENCH_CLASSES) ## CDC latency and throughput: Debezium defaults vs our connector config, N rows (default 100000)
	@$(call bench,CdcBenchmark) $(N)

bench-producer: $(BENCH_CLASSES) $(PRODUCER_JAR) ## Producer rows/s (N, default 100000) beside row-by-row inserts and the database's limit, on a stack of its own
	@$(call bench,ProducerBenchmark) $(N) $(PRODUCER_JAR)

bench-monitor: $(BENCH_CLASSES) $(PRODUCER_JAR) $(MONITOR_BUILT) ## Monitor events/s (N, default 200000 in the topic) beside Kafka's console consumer, schemas off and on; latency beside a raw consumer; on a stack of its own
	@$(call bench,MonitorBenchmark) $(or $(filter-out 100000,$(N)),200000) $(PRODUCER_JAR) $(MONITOR_JAR)

bench-dispatch: monitor-up $(BENCH_CLASSES) ## Naive one-at-a-time consumer vs our dispatcher, N movements (default 3000), customer 2 at 30 s
	@$(call bench,DispatchBenchmark) $(or $(filter-out 100000,$(N)),3000) $(or $(WINDOW),90) http://127.0.0.1:$(MONITOR_PORT)

chaos: $(RELIABILITY_CLASSES) $(PRODUCER_JAR) $(MONITOR_BUILT) ## Faults under steady writes (kill -9 of Connect, Kafka, the monitor; PostgreSQL crash; customers failing; poison records; Connect stopped), the ledger after each; writes docs/reliability.md. CHAOS=fast: the ones make test runs
	@$(call reliability,ChaosSuite) $(PRODUCER_JAR) $(MONITOR_JAR) $(filter fast,$(CHAOS)) $(if $(filter fast,$(CHAOS)),,--write docs/reliability.md)

soak: $(RELIABILITY_CLASSES) $(PRODUCER_JAR) $(MONITOR_BUILT) ## The simulation for SOAK_MINUTES (default 30) at SOAK_RATE writes/s, customer 2 at 30 s: throughput, latency per customer, the monitor's heap/RSS/threads over time, customer 2's backlog, the ledger
	@$(call reliability,Soak) $(PRODUCER_JAR) $(MONITOR_JAR) $(SOAK_MINUTES) $(SOAK_RATE)

native: ## Native executables of both services (needs a container engine for the Mandrel builder image)
	$(MVN) package -Pnative -DskipTests -pl producer-service,monitor-service -am

kubernetes: ## Build deploy/kubernetes's overlays (kustomize in a container) and check them: typed models, policies, secrets
	$(MVN) -pl deploy/kubernetes test

$(IMAGES_BUILT): $(IMAGE_SOURCES) $(PRODUCER_SOURCES) $(MONITOR_SOURCES)
	$(MVN) -q -pl producer-service,monitor-service,deploy/containers -am package -DskipTests
	deploy/containers/images.sh --quiet
	@touch $@

images: $(IMAGES_BUILT) ## Build the image of every part (PostgreSQL, Kafka, Connect + Debezium, customers, both services); print sizes
	@deploy/containers/images.sh --sizes

compose-up: $(IMAGES_BUILT) ## The whole product in containers (deploy/compose/compose.yaml); returns once the connector runs and both services are ready
	@$(COMPOSE) up

compose-down: ## Stop and remove the product's containers (volumes, so data, stay)
	@$(COMPOSE) down

compose-clean: ## compose-down, and remove the volumes (PostgreSQL and Kafka data)
	@$(COMPOSE) clean

compose-logs: ## Follow the logs of every container (Ctrl-C stops following)
	@$(COMPOSE) logs -f --tail 20

bench-start: compose-up ## Start-to-ready of both services: container (with and without AOT cache) vs the same jar on the host
	@deploy/containers/start-times.sh

compose-demo: compose-up $(STACK_CLASSPATH) ## make demo, in containers: Q packages and movements through the product, their events shown
	@$(STACK) generate $(Q) --compose
	@echo "Dashboard:        http://127.0.0.1:$(MONITOR_PORT)/   (make compose-logs follows the containers; make compose-down stops them)"
	@echo "producer-service: http://127.0.0.1:$(PRODUCER_PORT)/q/swagger-ui"

# quarkus:dev resolves the module's test dependencies too, local-stack among them: installed first, so this works
# from a fresh clone. In the dev,local profiles a service uses the stack of make up (no container engine needed).
DEV_PREREQUISITES := $(MVN) -q install -N && $(MVN) -q -pl deploy/local install -DskipTests

dev-producer: up ## producer-service in Quarkus dev mode (live reload, Dev UI at /q/dev-ui) on the local stack
	@$(DEV_PREREQUISITES)
	$(MVN) -pl producer-service quarkus:dev -Dquarkus.profile=dev,local

dev-monitor: up ## monitor-service in Quarkus dev mode on the local stack (customers 1-3 of make up)
	@$(DEV_PREREQUISITES)
	$(MVN) -pl monitor-service quarkus:dev -Dquarkus.profile=dev,local
