#!/usr/bin/env bash
# Runs Compose on this project's files with whatever engine the machine has, and waits for the product.
#   compose.sh up          start deploy/compose/compose.yaml; returns once the connector task is RUNNING and both
#                          services are ready, or fails naming the part that is not
#   compose.sh down        stop and remove the containers and network (volumes stay: data survives)
#   compose.sh clean       down, and remove the volumes too
#   compose.sh engine-up   only the engine helpers below (for Quarkus's Compose Dev Services)
#   compose.sh <any>       passed to compose as it is (logs -f, ps, exec, kill connect, ...)
# COMPOSE_FILE picks another file (deploy/compose/compose-devservices.yml).
#
# The compose command: `docker compose` (the Compose v2 plugin), else `podman compose`, else podman-compose, else
# docker-compose. With Podman, the Docker-API tools need `podman system service`: started here when no socket
# answers, and stopped by `down`. Podman runs healthchecks from systemd timers; on a machine without systemd
# nothing would ever mark a container healthy, so a loop here runs them instead (`podman healthcheck run`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export COMPOSE_FILE="${COMPOSE_FILE:-$here/compose.yaml}"
state="$here/.engine"
timeout="${COMPOSE_UP_TIMEOUT_SECONDS:-300}"

ENGINE="${CONTAINER_ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}"
if [ "$ENGINE" = podman ]; then
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/deploy/containers/containers.conf}"
fi

compose_command() {
  if docker compose version >/dev/null 2>&1; then echo "docker compose"
  elif [ "$ENGINE" = podman ] && podman compose version >/dev/null 2>&1; then echo "podman compose"
  elif command -v podman-compose >/dev/null; then echo podman-compose
  elif command -v docker-compose >/dev/null; then echo docker-compose
  else echo "compose.sh: no compose command (install Docker Compose v2, or podman-compose)" >&2; return 1
  fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

socket_answers() { curl -fsS --max-time 2 --unix-socket "${1#unix://}" http://d/_ping >/dev/null 2>&1; }

engine_up() {
  [ "$ENGINE" = podman ] || return 0
  mkdir -p "$state"
  if [ -z "${DOCKER_HOST:-}" ]; then
    export DOCKER_HOST="unix://$state/podman.sock"
    if ! socket_answers "$DOCKER_HOST"; then
      podman system service --time=0 "$DOCKER_HOST" >"$state/service.log" 2>&1 &
      echo $! >"$state/service.pid"
      for _ in $(seq 50); do socket_answers "$DOCKER_HOST" && break; sleep 0.1; done
      socket_answers "$DOCKER_HOST" || { echo "compose.sh: podman system service did not answer" >&2; cat "$state/service.log" >&2; exit 1; }
    fi
  fi
  if [ ! -d /run/systemd/system ] && ! alive "$state/healthchecks.pid"; then
    ( while :; do
        for c in $(podman ps -q --filter label=com.docker.compose.project 2>/dev/null); do
          podman healthcheck run "$c" >/dev/null 2>&1 || true
        done
        sleep 2
      done ) </dev/null >/dev/null 2>&1 &
    echo $! >"$state/healthchecks.pid"
  fi
}

engine_down() {
  for pid in "$state/healthchecks.pid" "$state/service.pid"; do
    if alive "$pid"; then kill "$(cat "$pid")" 2>/dev/null || true; fi
    rm -f "$pid"
  done
}

# Prints "<service> <state> <health> <exit code>" for every container of the project.
states() {
  $COMPOSE ps --all --format '{{.Service}} {{.State}} {{if .Health}}{{.Health}}{{else}}-{{end}} {{.ExitCode}}'
}

# The logs of every container that exited with an error: what a failed `up` must show.
report_failed() {
  while read -r service status _ code; do
    if [ "$status" = exited ] && [ "$code" != 0 ]; then
      echo "compose.sh: $service exited with $code; its log:" >&2
      $COMPOSE logs --no-log-prefix --tail 50 "$service" >&2 || true
      if [ "$service" = create-connector ]; then
        echo "compose.sh: the last of Kafka Connect's log:" >&2
        $COMPOSE logs --no-log-prefix --tail 30 connect >&2 || true
      fi
    fi
  done < <(states)
}

await_product() {
  local deadline=$(( $(date +%s) + timeout )) waiting
  while :; do
    waiting=""
    while read -r service status health code; do
      case "$service" in
        create-connector)
          if [ "$status" = exited ] && [ "$code" != 0 ]; then
            echo "compose.sh: the connector did not reach RUNNING:" >&2; $COMPOSE logs --no-log-prefix create-connector >&2; exit 1
          fi
          [ "$status" = exited ] || waiting+=" $service" ;;
        customer-*) [ "$status" = running ] || waiting+=" $service($status)" ;;
        *) [ "$status" = running ] && [ "$health" = healthy ] || waiting+=" $service($status${health:+,$health})" ;;
      esac
    done < <(states)
    if [ -z "$waiting" ]; then
      echo "The product is up: connector task RUNNING, producer-service and monitor-service ready."
      echo "  producer-service http://127.0.0.1:${PRODUCER_PORT:-8080}/q/swagger-ui   monitor-service http://127.0.0.1:${MONITOR_PORT:-8081}/"
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "compose.sh: not up after ${timeout}s, still waiting for:$waiting" >&2
      exit 1
    fi
    sleep 2
  done
}

COMPOSE="$(compose_command)"
case "${1:-}" in
  up)
    engine_up
    $COMPOSE up -d --no-build "${@:2}" || { report_failed; exit 1; }
    [ "$COMPOSE_FILE" = "$here/compose.yaml" ] && await_product ;;
  down) engine_up; $COMPOSE down --remove-orphans "${@:2}"; engine_down ;;
  clean) engine_up; $COMPOSE down --remove-orphans --volumes "${@:2}"; engine_down ;;
  engine-up) engine_up; echo "DOCKER_HOST=${DOCKER_HOST:-}" ;;
  engine-down) engine_down ;;
  "") sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  *) engine_up; exec $COMPOSE "$@" ;;
esac
