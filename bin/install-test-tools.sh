#!/usr/bin/env bash
# Installs what the device tests need and a fresh machine may lack: socat (pseudo-terminals) and
# PyVISA with its pure-Python backend for /usr/bin/python3 (a SCPI client that is not ours).
# Run by the build before the integration tests, and by .ci/run. Debian/Ubuntu packages.
set -euo pipefail

need=()
command -v socat >/dev/null 2>&1 || need+=(socat)
/usr/bin/python3 -c 'import pyvisa, pyvisa_py' >/dev/null 2>&1 || need+=(python3-pyvisa-py)
[ ${#need[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "the device tests need: ${need[*]}; install them (apt-get install -y ${need[*]}) and run again" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "the device tests need: ${need[*]}; install them with this system's package manager and run again" >&2
  exit 1
fi
echo "installing for the device tests: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
