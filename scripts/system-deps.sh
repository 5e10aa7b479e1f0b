#!/usr/bin/env bash
# Debian packages the tests and benchmarks use: OpenSSH's sshd (the real SFTP server tier)
# and rclone (the benchmarks' yardstick). Installs only what is missing.
set -euo pipefail
missing=()
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v rclone >/dev/null 2>&1 || missing+=(rclone)
[ -x /usr/bin/chromium ] || missing+=(chromium)  # the dashboard's browser tests (never a browser download)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "system-deps: need root to install ${missing[*]}; tests that need them will be skipped" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
