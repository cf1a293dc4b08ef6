#!/bin/sh
# Writes server.properties from the KAFKA_* environment, formats the log directory once, then runs the broker.
set -eu
config=/opt/kafka/config/server.properties
: "${KAFKA_CLUSTER_ID:?KAFKA_CLUSTER_ID must be set (22 characters of base64, e.g. from kafka-storage random-uuid)}"

env | sort | while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_CLUSTER_ID|KAFKA_VERSION) ;;
    KAFKA_*) printf '%s=%s\n' "$(printf '%s' "${name#KAFKA_}" | tr 'A-Z_' 'a-z.')" "$value" ;;
  esac
done > "$config"

if [ ! -f "${KAFKA_LOG_DIRS}/meta.properties" ]; then
  kafka-run-class kafka.tools.StorageTool format --cluster-id "$KAFKA_CLUSTER_ID" --config "$config" --ignore-formatted
fi
exec kafka-run-class kafka.Kafka "$config"
