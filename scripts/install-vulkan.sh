#!/usr/bin/env bash
# Installs Mesa's software Vulkan driver (lavapipe) so Dawn, and with it the WebGPU backend, runs on a machine
# without a GPU. Bookworm's own Mesa 22 lacks a feature Dawn requires; Mesa 25 from bookworm-backports works.
# Idempotent: does nothing when a lavapipe ICD of Mesa >= 25 is already installed. Needs root (as in CI).
set -euo pipefail

if ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
  version=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || echo 0)
  if dpkg --compare-versions "$version" ge 25; then
    echo "install-vulkan: lavapipe from mesa-vulkan-drivers $version already installed"
    exit 0
  fi
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-vulkan: must run as root to install mesa-vulkan-drivers from bookworm-backports" >&2
  exit 1
fi

. /etc/os-release
if [ "${VERSION_CODENAME:-}" != bookworm ]; then
  echo "install-vulkan: expected Debian bookworm, found '${VERSION_CODENAME:-unknown}'; install Mesa >= 25 (lavapipe) by hand" >&2
  exit 1
fi

sources=/etc/apt/sources.list.d/bookworm-backports.sources
if [ ! -f "$sources" ]; then
  cat > "$sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports libvulkan1 mesa-vulkan-drivers >/dev/null
echo "install-vulkan: installed mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
