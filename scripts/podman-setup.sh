#!/usr/bin/env bash
# Prepares podman for the container tests that run "Test Go proxy in container" with runtime = podman
# (test/container/podman.container.test.ts): installs Debian's podman when missing, makes its default container
# ulimits fit this machine, and loads the golang:1.26 test image that scripts/docker-setup.sh builds (no registry
# is reachable: we never pull). Run scripts/docker-setup.sh first. Idempotent. Exits non-zero saying what failed.
set -euo pipefail

IMAGE="${GPD_TEST_IMAGE:-golang:1.26}"
# Podman's own default ulimits (nofile 1048576, a high nproc) exceed what some VMs allow, and then every container
# fails with "error setting rlimits … operation not permitted". A drop-in sets limits this machine grants.
ULIMITS_CONF=/etc/containers/containers.conf.d/90-go-proxy-doctor-tests.conf

fail() { echo "podman-setup: FAILED: $*" >&2; exit 1; }
say() { echo "podman-setup: $*"; }

# --- 1. package ----------------------------------------------------------------------------------
if ! command -v podman >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || fail "podman is missing and we are not root: install it with sudo apt-get install podman"
  say "installing podman"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq podman >/dev/null || fail "apt-get install podman failed"
fi
command -v podman >/dev/null 2>&1 || fail "podman is still not on PATH after installing it"
say "$(podman --version)"

# --- 2. test image ---------------------------------------------------------------------------------
if ! podman image exists "$IMAGE" 2>/dev/null; then
  docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "the Docker engine has no $IMAGE image to load: run scripts/docker-setup.sh first"
  archive="$(mktemp /tmp/gpd-image-XXXXXX.tar)"
  trap 'rm -f "$archive"' EXIT
  docker save "$IMAGE" -o "$archive" || fail "docker save $IMAGE failed"
  podman load -q -i "$archive" >/dev/null || fail "podman load of $IMAGE failed"
  say "loaded $IMAGE into podman"
fi

# --- 3. ulimits ------------------------------------------------------------------------------------
if ! podman run --rm --network host "$IMAGE" true >/dev/null 2>&1 && [ ! -f "$ULIMITS_CONF" ]; then
  [ "$(id -u)" = 0 ] || fail "podman cannot start containers here and only root can write $ULIMITS_CONF"
  nofile="$(ulimit -Sn)"
  [ "$nofile" = unlimited ] && nofile=65536
  mkdir -p "$(dirname "$ULIMITS_CONF")"
  printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=8192:8192"]\n' "$nofile" "$nofile" >"$ULIMITS_CONF"
  say "wrote $ULIMITS_CONF (nofile $nofile, nproc 8192)"
fi

# --- 4. check ------------------------------------------------------------------------------------
out="$(podman run --rm --network host "$IMAGE" go version 2>&1)" || fail "podman cannot run $IMAGE: $out"
say "ok: $out"
