#!/usr/bin/env bash
# Installs, from Debian's packages, what building and running this project's containers needs on a Debian 12
# machine (as root): podman with runc, debootstrap (the base image where no registry can be reached), and the
# Docker Compose v2 plugin (from Debian 13's docker-compose package, fetched with apt inside the Debian 13 base
# image, so the host's apt sources stay as they are). Does nothing for what is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap \
    containernetworking-plugins catatonit >/dev/null
fi

if ! { docker compose version || docker-compose version; } >/dev/null 2>&1; then
  "$here/debian-base.sh" podman
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "Installing the Docker Compose v2 plugin from Debian 13's docker-compose package"
  podman run --rm -v "$work:/out" -w /out debian:trixie-slim \
    sh -c 'apt-get update -qq && apt-get download -qq docker-compose 2>/dev/null' >/dev/null
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/x"
  install -D -m 755 "$work/x/usr/libexec/docker/cli-plugins/docker-compose" /usr/local/lib/docker/cli-plugins/docker-compose
  # the same binary runs on its own where there is no docker CLI
  command -v docker >/dev/null || ln -sf /usr/local/lib/docker/cli-plugins/docker-compose /usr/local/bin/docker-compose
fi
podman --version
{ docker compose version 2>/dev/null || docker-compose version; } | head -n1
