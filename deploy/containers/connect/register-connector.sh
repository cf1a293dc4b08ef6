#!/bin/sh
# register-connector <connector.json> [connect url]: creates the connector of a {name, config} file, or updates
# its config when it exists (PUT is idempotent), then waits until the connector and its task are RUNNING. A task
# that failed meanwhile (the publication is made by producer-service's migrations, which may not have run yet) is
# restarted every few seconds. Exit 0 once both run; 1 with the last state after REGISTER_TIMEOUT_SECONDS.
set -eu
file="$1"
url="${2:-http://connect:8083}"
timeout="${REGISTER_TIMEOUT_SECONDS:-180}"

name="$(sed -n 's/^ *"name" *: *"\([^"]*\)".*/\1/p' "$file" | head -n1)"
[ -n "$name" ] || { echo "register-connector: $file has no \"name\"" >&2; exit 1; }
# The file's "config" object, as PUT /connectors/{name}/config takes it.
config="$(tr '\n' ' ' < "$file" | sed -e 's/^.*"config" *: *\({.*}\) *} *$/\1/')"

deadline=$(( $(date +%s) + timeout ))
# A worker that has just started answers 409 (rebalance) or 5xx until it has joined its group, and a 400 whose
# validation could not reach the database while the container network settles: asked again. Any other 400 is a
# config that is wrong, reported at once.
while :; do
  status="$(curl -sS -o /tmp/answer -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data "$config" "$url/connectors/$name/config" || true)"  # curl says 000 when it cannot connect
  if [ "$status" = 400 ] && grep -q -i -E 'connection attempt failed|connection refused|UnknownHost' /tmp/answer; then
    status=503
  fi
  case "$status" in
    200|201) echo "register-connector: $name $( [ "$status" = 201 ] && echo created || echo updated ) (HTTP $status)"; break ;;
    000|409|5??) [ "$(date +%s)" -lt "$deadline" ] || { echo "register-connector: PUT $url/connectors/$name/config still answers HTTP $status after ${timeout}s:" >&2; cat /tmp/answer >&2 2>/dev/null; exit 1; }
      echo "register-connector: HTTP $status, asking again"; sleep 2 ;;
    *) echo "register-connector: PUT $url/connectors/$name/config answered HTTP $status:" >&2; cat /tmp/answer >&2; exit 1 ;;
  esac
done

while :; do
  state="$(curl -sS "$url/connectors/$name/status" 2>/dev/null || true)"
  if printf '%s' "$state" | grep -q '"tasks":\[{[^]]*"state":"RUNNING"' \
     && printf '%s' "$state" | grep -q '"connector":{"state":"RUNNING"'; then
    echo "register-connector: $name and its task are RUNNING"
    exit 0
  fi
  [ "$(date +%s)" -lt "$deadline" ] || { echo "register-connector: $name not RUNNING after ${timeout}s: $state" >&2; exit 1; }
  if printf '%s' "$state" | grep -q '"state":"FAILED"'; then
    echo "register-connector: $name has a FAILED part; restarting it"
    curl -sS -o /dev/null -X POST "$url/connectors/$name/restart?includeTasks=true&onlyFailed=true" || true
    sleep 4
  fi
  sleep 1
done
