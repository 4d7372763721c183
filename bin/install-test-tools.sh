#!/usr/bin/env bash
# Installs what the integration tests need and a fresh machine may lack: socat (pseudo-terminals),
# PyVISA with its pure-Python backend for /usr/bin/python3 (a SCPI client that is not ours),
# pymodbus for /usr/bin/python3 (a Modbus client and server that are not ours),
# PostgreSQL (the grades database tests start their own server with initdb and pg_ctl), curl
# (an HTTP client that is not ours), python3 itself for the MacNet client written from the public
# message descriptions (standard library only), and Chromium with its chromedriver (the station's
# web view is tested in a real headless browser).
# Run by the build before the integration tests, and by .ci/run. Debian/Ubuntu packages.
set -euo pipefail

need=()
command -v socat >/dev/null 2>&1 || need+=(socat)
[ -x /usr/bin/python3 ] || need+=(python3)
/usr/bin/python3 -c 'import pyvisa, pyvisa_py' >/dev/null 2>&1 || need+=(python3-pyvisa-py)
/usr/bin/python3 -c 'import pymodbus, yaml' >/dev/null 2>&1 || need+=(python3-pymodbus python3-yaml)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v curl >/dev/null 2>&1 || need+=(curl)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
[ ${#need[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "the integration tests need: ${need[*]}; install them (apt-get install -y ${need[*]}) and run again" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "the integration tests need: ${need[*]}; install them with this system's package manager and run again" >&2
  exit 1
fi
echo "installing for the integration tests: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
