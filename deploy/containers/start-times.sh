#!/usr/bin/env bash
# Start-to-ready of both services, in their containers and as the same jar on the host, against the same running
# product (make compose-up first). Each figure: from the start command to the first 200 of /q/health/ready, the
# median of RUNS (default 3). The container is also started without its AOT cache, to show what the cache gives.
#   usage: start-times.sh      (make bench-start)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ENGINE="${CONTAINER_ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}"
RUNS="${RUNS:-3}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
project="${COMPOSE_PROJECT_NAME:-package-cdc}"

now_ms() { date +%s%3N; }
await_ready() { # $1 = port; prints the ms since $2
  for _ in $(seq 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/q/health/ready" 2>/dev/null && { echo $(( $(now_ms) - $2 )); return; }
    sleep 0.05
  done
  echo "start-times.sh: port $1 not ready after 30 s" >&2; exit 1
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

container_start() { # $1 = service, $2 = published port, $3 = extra env (JAVA_OPTS without the cache, or nothing)
  local id; id="$("$ENGINE" ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1")"
  [ -n "$id" ] || { echo "start-times.sh: no running $1 in project $project (make compose-up)" >&2; exit 1; }
  local image; image="$("$ENGINE" inspect --format '{{.Config.Image}}' "$id")"
  local network; network="$("$ENGINE" inspect --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' "$id")"
  local env=(); while IFS= read -r line; do env+=(-e "$line"); done < <("$ENGINE" inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$id" | grep -E '^(POSTGRES|KAFKA|CUSTOMER|PRODUCER|MONITOR)_')
  [ -n "$3" ] && env+=(-e "$3")
  local port; port="$(free_port)"
  local start; start="$(now_ms)"
  local probe; probe="$("$ENGINE" run -d --rm --network "$network" -p "127.0.0.1:$port:$2" -e MONITOR_GROUP_ID=start-times "${env[@]}" "$image")"
  await_ready "$port" "$start"
  "$ENGINE" rm -f "$probe" >/dev/null
}

host_start() { # $1 = service, $2 = env assignments for the host run
  local port; port="$(free_port)"
  local start; start="$(now_ms)"
  env HTTP_PORT="$port" MONITOR_GROUP_ID=start-times $2 "$JAVA" -jar "$root/$1/target/quarkus-app/quarkus-run.jar" >/dev/null 2>&1 &
  local pid=$!
  await_ready "$port" "$start"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

printf '%-18s %14s %20s %14s\n' SERVICE "HOST JAR (ms)" "CONTAINER (ms)" "NO AOT (ms)"
for service in producer-service monitor-service; do
  case "$service" in
    producer-service) port=8080 host_env="POSTGRES_PORT=${POSTGRES_PORT:-5432}" ;;
    monitor-service) port=8081 host_env="KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:${KAFKA_PORT:-9092} MONITOR_DISPATCH_ENABLED=false" ;;
  esac
  host="$(for _ in $(seq "$RUNS"); do host_start "$service" "$host_env"; done | median)"
  aot="$(for _ in $(seq "$RUNS"); do container_start "$service" "$port" ""; done | median)"
  plain="$(for _ in $(seq "$RUNS"); do container_start "$service" "$port" "JAVA_OPTS=-XX:MaxRAMPercentage=75 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"; done | median)"
  printf '%-18s %14s %20s %14s\n' "$service" "$host" "$aot" "$plain"
done
