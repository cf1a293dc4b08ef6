#!/usr/bin/env bash
# Makes the base image every Containerfile of this project starts FROM, where no registry can be reached:
# a debootstrap of Debian's packages, as Debian's own published images are made, imported under the name a
# user would pull (BASE_IMAGE, default debian:trixie-slim). The archive's address is the one this machine's
# apt already uses. Does nothing when the image is already there.
#   usage: debian-base.sh [engine]     (engine: podman, the default, or docker)
set -euo pipefail

ENGINE="${1:-podman}"
SUITE="${DEBIAN_SUITE:-trixie}"
IMAGE="${BASE_IMAGE:-debian:${SUITE}-slim}"

if "$ENGINE" image exists "$IMAGE" 2>/dev/null || "$ENGINE" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "base image $IMAGE: already present"
  exit 0
fi

# The first Debian archive (not debian-security) in this machine's apt sources, deb822 or one-line format.
mirror="$(grep -h -E '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -v -- '-security' | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' \
  | awk '{print $1; exit}' || true)"
if [ -z "$mirror" ]; then
  echo "debian-base.sh: no Debian archive found in /etc/apt/sources.list{,.d}; pull $IMAGE instead" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { echo "debian-base.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
echo "base image $IMAGE: debootstrap --variant=minbase $SUITE from this machine's Debian archive"
debootstrap --variant=minbase "$SUITE" "$root" "$mirror" >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
rm -f "$root.log"
# As in Debian's published slim images: no apt lists, caches or docs kept in the layer.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* "$root"/usr/share/man/*
tar -C "$root" -c . | "$ENGINE" import --change 'CMD ["bash"]' - "$IMAGE" >/dev/null
echo "base image $IMAGE: imported ($("$ENGINE" image inspect --format '{{.Size}}' "$IMAGE") bytes)"
