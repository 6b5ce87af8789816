#!/usr/bin/env bash
# Installs the Debian packages metamc needs (only those missing), then configures and builds it
# in build/. Quiet on success; on failure prints the end of build/setup.log.
#   METAMC_CMAKE_ARGS  extra arguments for the configure step (CI: -DMETAMC_WERROR=ON)
set -euo pipefail
cd "$(dirname "$0")/.."

packages="cmake make g++ pkg-config libeigen3-dev libcli11-dev libgtest-dev nlohmann-json3-dev
  librsvg2-dev libtinyxml2-dev fonts-dejavu-core"
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "metamc setup: installing$missing" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing \
    >/dev/null
fi

mkdir -p build
log=build/setup.log
# shellcheck disable=SC2086  # METAMC_CMAKE_ARGS is a list of arguments
if ! { cmake -S . -B build ${METAMC_CMAKE_ARGS:-} && cmake --build build -j "$(nproc)"; } \
  >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  echo "metamc setup: the build failed; the full log is $log" >&2
  exit 1
fi
