#!/usr/bin/env bash
# Builds the Linux one-folder bundle dist/archwise/ and dist/archwise-<version>-linux-<arch>.tar.xz.
# Usage: bash installer/build.sh   (or `make installer`, which prepares .venv first)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m pip install --quiet "pyinstaller>=6.5"
VERSION=$("$PY" -c 'import app; print(app.__version__)')
ARCH=$(uname -m)
rm -rf build/pyinstaller dist/archwise
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath dist installer/archwise.spec

# Prune what the bundle never loads: Qt translations, unused plugins, Qt libraries of
# excluded modules. QtOpenGL stays (pyqtgraph imports it).
QT=dist/archwise/_internal/PySide6/Qt
rm -rf "$QT/translations" "$QT/qml" "$QT/resources"
if [ -d "$QT/plugins" ]; then
    find "$QT/plugins" -mindepth 1 -maxdepth 1 -type d \
        ! -name platforms ! -name imageformats ! -name iconengines ! -name xcbglintegrations \
        ! -name platformthemes ! -name platforminputcontexts ! -name egldeviceintegrations \
        ! -name wayland-shell-integration ! -name wayland-graphics-integration-client \
        ! -name wayland-decoration-client -exec rm -rf {} +
    find "$QT/plugins/imageformats" -type f ! -name '*qsvg*' ! -name '*qico*' ! -name '*qjpeg*' -delete 2>/dev/null || true
fi
for lib in Qt6Quick Qt6Qml Qt6QmlModels Qt6QmlMeta Qt6QmlWorkerScript Qt6Pdf Qt6VirtualKeyboard \
           Qt6Network Qt6Designer Qt6Sql Qt6Multimedia Qt6WebSockets Qt6Quick3D; do
    rm -f "$QT/lib/lib$lib.so"* dist/archwise/_internal/lib$lib.so* 2>/dev/null || true
done

# Strip debug symbols from the bundled libraries, except the OpenBLAS that numpy ships: strip
# corrupts it ("ELF load command address/offset not page-aligned"), which is why the spec does not.
if command -v strip >/dev/null; then
    find dist/archwise/_internal -type f \( -name '*.so' -o -name '*.so.*' \) \
        ! -path '*numpy.libs*' ! -name '*openblas*' -exec strip --strip-unneeded {} + 2>/dev/null || true
fi

cp installer/linux/install.sh dist/archwise/install.sh
ARCHIVE="dist/archwise-$VERSION-linux-$ARCH.tar.xz"
tar -C dist -cf - archwise | xz -T0 -6 > "$ARCHIVE"
echo "bundle:  dist/archwise  ($(du -sm dist/archwise | cut -f1) MB)"
echo "archive: $ARCHIVE ($(du -m "$ARCHIVE" | cut -f1) MB)"
echo "install: tar -xf $ARCHIVE -C ~/.local/opt && ~/.local/opt/archwise/install.sh"

