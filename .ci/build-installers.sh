#!/usr/bin/env bash
# CI: build the frozen Linux program ONCE, smoke-test the FROZEN program, wrap it in both
# .deb flavours (Debian layout and UOS app-store layout), run lintian on each (the build
# fails on any error or warning not overridden), compile the Windows installer script;
# print sizes and start-up times.
#
#   .ci/build-installers.sh                  # after the tests (.ci/run)
#   .ci/build-installers.sh --install-test   # also install each .deb with apt, run the
#                                            # installed program, reinstall, remove
#                                            # (root on a throw-away machine only)
#   .ci/build-installers.sh --glibc-base     # ALSO (on demand, not in .ci/run) the amd64
#                                            # packages for glibc 2.28 (统信UOS 20, 麒麟 V10):
#                                            # installer/build.py --base glibc-2.28 into
#                                            # dist/ci-glibc-2.28; compiles its Python first
#                                            # when /var/tmp/zjk-glibc has none (installer/README.md)
#
# Needs (Debian): dpkg-dev, nsis, lintian, appstream, fonts-wqy-microhei, poppler-utils;
# xvfb for the X11 check of the installed program (skipped without xvfb-run).  Nothing is
# cached: the PyInstaller work and cache folders are fresh temp folders, dist/ci is emptied
# first.  The arm64 build is not run here (slow, on demand: installer/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

install_test=0
glibc_base=0
for arg in "$@"; do
  case "$arg" in
    --install-test) install_test=1 ;;
    --glibc-base) glibc_base=1 ;;
    *) echo "build-installers: unknown option $arg" >&2; exit 2 ;;
  esac
done

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -e ".[build]"

dist=dist/ci
rm -rf "$dist"
mkdir -p "$dist"
# --fast: gzip .deb and zlib NSIS (same contents as a release build; xz / LZMA take ~3 more minutes).
# --nsis-payload standin: the Windows script is compiled against a stand-in folder (catches script
# errors; zlib-packing the 160 MB Linux bundle took 2 minutes and proves nothing more).
.venv/bin/python installer/build.py --dist "$dist" --fast --flavour all --nsis-payload standin

if [ "$glibc_base" -eq 1 ]; then
  base_dist=dist/ci-glibc-2.28
  rm -rf "$base_dist"
  nice -n 10 .venv/bin/python installer/build.py --base glibc-2.28 --dist "$base_dist" --fast \
    --flavour all --no-nsis --timing-runs 0
  for d in "$base_dist"/*.deb; do
    echo "glibc-2.28 base: $d: Depends: $(dpkg-deb --field "$d" Depends)"
  done
fi

deb=$(ls "$dist"/zjk-desktop_*.deb)
uos=$(ls "$dist"/cn.zjk.kjtpy_*.deb)
echo "built: $deb $uos"

if [ "$install_test" -eq 1 ]; then
  echo
  echo "== install test of $deb"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "build-installers: --install-test needs root and apt-get" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "./$deb" >/dev/null
  home=$(mktemp -d /tmp/zjk-install-home.XXXXXX)
  trap 'rm -rf "$home"' EXIT
  run_as_user() { env -u ZJK_DATA_DIR HOME="$home" XDG_DATA_HOME="$home/.local/share" "$@"; }
  [ -f /usr/share/man/man1/zjk.1.gz ] && [ -f /usr/share/man/man1/zjk-desktop.1.gz ] \
    || { echo "install test: no manual page for zjk / zjk-desktop" >&2; exit 1; }
  run_as_user zjk --version
  run_as_user zjk demo --scale small >/dev/null
  db="$home/.local/share/zjk-desktop/zjk.sqlite3"
  [ -f "$db" ] || { echo "install test: no database in the user data folder ($db)" >&2; exit 1; }
  if find /usr/lib/zjk-desktop -name '*.sqlite3' | grep -q .; then
    echo "install test: the program wrote data into /usr/lib/zjk-desktop" >&2; exit 1
  fi
  run_as_user env QT_QPA_PLATFORM=offscreen zjk-desktop --smoke --db "$db"
  if command -v xvfb-run >/dev/null; then
    # The real X11 platform plugin, with the libraries the package's Depends pulled in.
    run_as_user env QT_QPA_PLATFORM=xcb xvfb-run -a zjk-desktop --smoke --db "$db"
  else
    echo "install test: SKIP X11 start (no xvfb-run)"
  fi
  grep -q ':application/x-zjkpkg:\*\.zjkpkg$' /usr/share/mime/globs2 \
    || { echo "install test: .zjkpkg is not registered in the shared MIME database" >&2; exit 1; }
  if [ -f /usr/share/applications/mimeinfo.cache ]; then
    grep -q '^application/x-zjkpkg=.*zjk-desktop-import.desktop' /usr/share/applications/mimeinfo.cache \
      || { echo "install test: .zjkpkg files do not open zjk-desktop --import" >&2; exit 1; }
  fi
  # Installing the package again (an upgrade) and removing it keep the user's data.
  before=$(sha256sum "$db" | cut -d' ' -f1)
  dpkg -i "$deb" >/dev/null
  run_as_user zjk --db "$db" record list --kind visit --limit 1 >/dev/null
  apt-get remove -y -qq zjk-desktop >/dev/null
  [ ! -e /usr/lib/zjk-desktop ] && [ ! -e /usr/bin/zjk ] \
    || { echo "install test: files left behind after removal" >&2; exit 1; }
  [ -f "$db" ] && [ "$(sha256sum "$db" | cut -d' ' -f1)" = "$before" ] \
    || { echo "install test: the user's database changed or vanished" >&2; exit 1; }
  echo "install test (deb): installed, ran (offscreen$(command -v xvfb-run >/dev/null && echo ' + X11')), .zjkpkg associated, reinstalled, removed; user data kept"

  echo
  echo "== install test of $uos (UOS app-store layout)"
  appdir=/opt/apps/cn.zjk.kjtpy
  apt-get install -y -qq "./$uos" >/dev/null
  outside=$(dpkg -L cn.zjk.kjtpy | grep -v -E '^(/\.|/opt|/opt/apps|/opt/apps/cn\.zjk\.kjtpy(/.*)?)$' || true)
  [ -z "$outside" ] || { echo "install test: UOS package installed files outside $appdir: $outside" >&2; exit 1; }
  run_as_user "$appdir/files/zjk" --version
  run_as_user "$appdir/files/zjk" --db "$db" record list --kind visit --limit 1 >/dev/null
  run_as_user env QT_QPA_PLATFORM=offscreen "$appdir/files/zjk-desktop" --smoke --db "$db"
  python3 -c "import json,sys; d=json.load(open('$appdir/info')); sys.exit(d['appid'] != 'cn.zjk.kjtpy')" \
    || { echo "install test: $appdir/info does not name the appid" >&2; exit 1; }
  before=$(sha256sum "$db" | cut -d' ' -f1)
  apt-get remove -y -qq cn.zjk.kjtpy >/dev/null
  [ ! -e "$appdir" ] || { echo "install test: $appdir left behind after removal" >&2; exit 1; }
  [ -f "$db" ] && [ "$(sha256sum "$db" | cut -d' ' -f1)" = "$before" ] \
    || { echo "install test: the user's database changed or vanished" >&2; exit 1; }
  echo "install test (uos): installed under $appdir only, ran (CLI + offscreen GUI), removed; user data kept"
fi
