#!/bin/sh
# Writes the worker's properties from the CONNECT_* environment, then runs Connect in distributed mode.
set -eu
config=/opt/connect/config/worker.properties
env | sort | while IFS='=' read -r name value; do
  case "$name" in
    CONNECT_*) printf '%s=%s\n' "$(printf '%s' "${name#CONNECT_}" | tr 'A-Z_' 'a-z.')" "$value" ;;
  esac
done > "$config"
exec kafka-run-class org.apache.kafka.connect.cli.ConnectDistributed "$config"
