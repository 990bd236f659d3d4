#!/usr/bin/env bash
# Prepares a local container engine for the container tests (test/container) and developers: installs the
# engine and busybox when missing, starts dockerd when it does not answer, and builds the small test image
# `golang:1.26` FROM scratch out of this machine's Go (no registry is reachable: we never pull).
# Idempotent: run it as often as you like. Exits non-zero with a message saying what failed.
set -euo pipefail

IMAGE="${GPD_TEST_IMAGE:-golang:1.26}"
GOROOT_HOST="${GPD_GOROOT:-/usr/local/go}"
DOCKERD_LOG=/tmp/dockerd.log
WAIT_SECONDS="${GPD_DOCKERD_WAIT:-60}"

fail() { echo "docker-setup: FAILED: $*" >&2; exit 1; }
say() { echo "docker-setup: $*"; }

# --- 1. packages ---------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
# A static docker CLI may already be on PATH (e.g. /usr/local/bin/docker); the engine is what we need.
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
# Only a statically linked busybox runs in an image with no libc.
static_busybox() { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }
static_busybox || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "missing ${missing[*]} and not root: install them with sudo apt-get install ${missing[*]}"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  # shellcheck disable=SC2046
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
fi
command -v dockerd >/dev/null 2>&1 || fail "dockerd is still not on PATH after installing docker.io"
static_busybox || fail "/bin/busybox is missing or not statically linked after installing busybox-static"

# --- 2. engine -----------------------------------------------------------------------------------
if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  say "engine already running ($(docker version --format '{{.Server.Version}}'))"
else
  [ "$(id -u)" = 0 ] || fail "the docker daemon is not running and only root can start it here"
  if pgrep -x dockerd >/dev/null 2>&1; then
    say "dockerd is running but not answering yet; waiting"
  else
    say "starting dockerd (log: $DOCKERD_LOG)"
    # No bridge and no iptables: this machine has neither; tests use --network host.
    setsid nohup dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
      >"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "---- last lines of $DOCKERD_LOG ----" >&2
    tail -n 30 "$DOCKERD_LOG" >&2 || true
    fail "the docker daemon did not answer 'docker version' within ${WAIT_SECONDS}s"
  fi
  say "engine up ($(docker version --format '{{.Server.Version}}'))"
fi

# --- 3. test image -------------------------------------------------------------------------------
[ -x "$GOROOT_HOST/bin/go" ] || fail "no Go at $GOROOT_HOST (bin/go missing); the image is built from the machine's Go"
go_version="$(head -n 1 "$GOROOT_HOST/VERSION")"
have="$(docker image inspect --format '{{index .Config.Labels "gpd.go.version"}}' "$IMAGE" 2>/dev/null || true)"
if [ "$have" = "$go_version" ]; then
  say "image $IMAGE present ($go_version)"
  exit 0
fi
say "building image $IMAGE from $GOROOT_HOST ($go_version) and busybox"
ctx="$(mktemp -d /tmp/gpd-image.XXXXXX)"
trap 'rm -rf "$ctx"' EXIT
root="$ctx/rootfs"
mkdir -p "$root/usr/local/go/bin" "$root/usr/local/go/pkg/tool" "$root/bin" "$root/go/pkg/mod" "$root/root" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"
# `go mod download` compiles nothing, so no compiler, tools or standard library sources (checked by hand):
# - bin/go: the release binary is trimmed (no built-in GOROOT) and finds GOROOT by looking for pkg/tool next to
#   it; without that (empty) directory it fails with "cannot find GOROOT directory";
# - go.env: holds the defaults GOPROXY=https://proxy.golang.org,direct and GOSUMDB=sum.golang.org; without it
#   both are empty and the image would not behave like the official one;
# - VERSION: not needed by go itself, kept so GOROOT looks like a release.
cp "$GOROOT_HOST/bin/go" "$root/usr/local/go/bin/go"
cp "$GOROOT_HOST/VERSION" "$root/usr/local/go/VERSION"
[ -f "$GOROOT_HOST/go.env" ] && cp "$GOROOT_HOST/go.env" "$root/usr/local/go/go.env"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
[ -f /etc/ssl/certs/ca-certificates.crt ] && mkdir -p "$root/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
# `docker import` makes a one-layer image FROM scratch without needing a builder (BuildKit/buildx may be absent).
tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$ctx/rootfs.tar" . || fail "could not pack the image root"
docker import \
  --change 'ENV PATH=/usr/local/go/bin:/bin' \
  --change 'ENV GOPATH=/go' \
  --change 'ENV GOTOOLCHAIN=local' \
  --change 'ENV HOME=/root' \
  --change "ENV GOLANG_VERSION=${go_version#go}" \
  --change 'WORKDIR /go' \
  --change 'CMD ["sh"]' \
  --change "LABEL gpd.go.version=$go_version" \
  "$ctx/rootfs.tar" "$IMAGE" >/dev/null || fail "docker import of the test image failed"
out="$(docker run --rm --network none "$IMAGE" go version 2>&1)" || fail "the new image does not run 'go version': $out"
say "image $IMAGE ready: $out ($(docker image inspect --format '{{.Size}}' "$IMAGE") bytes)"
