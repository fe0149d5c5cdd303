#!/usr/bin/env bash
# Installs the Debian packages Qt and the tools need, when they are missing.
# As root it runs apt-get; otherwise it prints the command to run and carries on.
set -u
missing=()
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
    echo "archwise: not a Debian system; install the equivalents of: ${missing[*]}" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || echo "archwise: apt-get could not install: ${missing[*]}" >&2
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "archwise: please install these system packages, then run make again:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
fi
exit 0
