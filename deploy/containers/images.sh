#!/usr/bin/env bash
# Builds the image of every part of the product from what Maven packaged (`make images` packages first), with
# podman, or docker where that is the engine, and prints each image's size.
#   usage: images.sh [--sizes|--quiet] [part ...]   (--sizes: only print the sizes; --quiet: only build)    parts: postgres kafka connect customer-api producer-service monitor-service
#   (and kustomize: the tool deploy/kubernetes's tests build the overlays with; only when named)
# Environment: CONTAINER_ENGINE (podman|docker), BASE_IMAGE (default debian:trixie-slim), IMAGE_TAG (default the
# project's version). Where the base image is missing and debootstrap can make it, it is made from Debian's
# packages (debian-base.sh); otherwise the engine pulls it at the first build, as any user's would.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

ENGINE="${CONTAINER_ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}"
[ "$ENGINE" = podman ] && export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
BASE_IMAGE="${BASE_IMAGE:-debian:trixie-slim}"
IMAGE_TAG="${IMAGE_TAG:-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -n1)}"
PREFIX="localhost/package-cdc"
ALL=(postgres kafka connect customer-api producer-service monitor-service)
sizes_only=false print_sizes=true
case "${1:-}" in --sizes) sizes_only=true; shift ;; --quiet) print_sizes=false; shift ;; esac
parts=("${@:-${ALL[@]}}")

image() { echo "$PREFIX/$1:$IMAGE_TAG"; }

needs() { # $1 = a path Maven makes, $2 = the part
  [ -e "$1" ] || { echo "images.sh: $2 needs ${1#"$root"/}; run 'make images' (it packages first)" >&2; exit 1; }
}

build() { # $1 = part, $2 = context, $3 = Containerfile, then extra build arguments
  local part="$1" context="$2" file="$3"; shift 3
  local format=(); [ "$ENGINE" = podman ] && format=(--format docker) # HEALTHCHECK is kept in docker format only
  echo "==> $(image "$part")"
  "$ENGINE" build "${format[@]}" --build-arg "BASE_IMAGE=$BASE_IMAGE" "$@" -f "$file" -t "$(image "$part")" "$context" \
    | grep -E '^(STEP|Error|error)' || true
  "$ENGINE" image inspect "$(image "$part")" >/dev/null
}

if ! $sizes_only && ! "$ENGINE" image inspect "$BASE_IMAGE" >/dev/null 2>&1 && command -v debootstrap >/dev/null && [ "$(id -u)" = 0 ]; then
  BASE_IMAGE="$BASE_IMAGE" "$here/debian-base.sh" "$ENGINE"
fi

for part in "${parts[@]}"; do
  $sizes_only && break
  case "$part" in
    postgres) build postgres "$here/postgres" "$here/postgres/Containerfile" ;;
    kafka) needs "$here/target/kafka/lib" kafka
      build kafka "$here" "$here/kafka/Containerfile" ;;
    connect) needs "$here/target/connect/plugins" connect
      "$ENGINE" image inspect "$(image kafka)" >/dev/null 2>&1 || "$0" kafka
      build connect "$here" "$here/connect/Containerfile" --build-arg "KAFKA_IMAGE=$(image kafka)" ;;
    customer-api) needs "$here/target/customer-api/lib" customer-api
      build customer-api "$here" "$here/customer-api/Containerfile" ;;
    kustomize) build kustomize "$here/kustomize" "$here/kustomize/Containerfile" ;; # a tool for the tests, not in ALL
    producer-service|monitor-service) needs "$root/$part/target/quarkus-app/quarkus-run.jar" "$part"
      build "$part" "$root/$part" "$root/$part/src/main/docker/Dockerfile.jvm" ;;
    *) echo "images.sh: unknown part '$part' (parts: ${ALL[*]})" >&2; exit 2 ;;
  esac
done

$print_sizes || exit 0
$sizes_only || echo
printf '%-52s %8s\n' IMAGE SIZE
for part in "${parts[@]}"; do
  size="$("$ENGINE" image inspect --format '{{.Size}}' "$(image "$part")")"
  printf '%-52s %5d MB\n' "$(image "$part")" "$((size / 1000000))"
done
