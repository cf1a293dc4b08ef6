#!/bin/sh
# Runs a main class of Kafka's jars: kafka-run-class <class> [args], as Kafka's script of the same name.
# KAFKA_HEAP_OPTS and KAFKA_OPTS tune the JVM; logging is slf4j-simple's, as in the local stack.
set -eu
main="$1"; shift
# shellcheck disable=SC2086 # the option variables hold several words
exec java ${KAFKA_HEAP_OPTS:-} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
  -Dorg.slf4j.simpleLogger.showDateTime=true "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS" \
  -Dorg.slf4j.simpleLogger.log.kafka.log=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka.storage.internals.log=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=warn \
  -Dorg.slf4j.simpleLogger.log.org.reflections=error ${KAFKA_OPTS:-} \
  -cp '/opt/kafka/libs/*' "$main" "$@"
