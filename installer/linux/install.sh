#!/usr/bin/env bash
# Installs the unpacked Archwise bundle into the user's applications menu.
# Run from the unpacked folder: ./install.sh   (no root needed)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
ICONS="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
BIN="$HOME/.local/bin"
mkdir -p "$APPS" "$ICONS" "$BIN"
cp "$HERE/_internal/resources/icons/archwise.svg" "$ICONS/archwise.svg"
sed "s|^Exec=.*|Exec=\"$HERE/archwise\" %f|" "$HERE/_internal/resources/archwise.desktop" > "$APPS/archwise.desktop"
ln -sf "$HERE/archwise" "$BIN/archwise"
command -v update-desktop-database >/dev/null && update-desktop-database "$APPS" || true
echo "Archwise installed: menu entry $APPS/archwise.desktop, command $BIN/archwise"
