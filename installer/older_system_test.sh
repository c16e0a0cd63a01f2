#!/usr/bin/env bash
# Install the base build's packages on an OLDER system and run them there (on demand).
#
#   sudo installer/older_system_test.sh [dist/glibc-2.28]
#
# Ubuntu 20.04 "focal" (glibc 2.31, the base of 银河麒麟 V10) in a debootstrap chroot
# (/var/tmp/zjk-glibc/focal-chroot, kept and reused): each .deb is installed with apt, so
# every package its Depends names must exist in focal at the version asked; then the
# installed program runs there with focal's own libraries (CLI, demo data, the GUI's
# --smoke offscreen), and is removed.  Debian 10 / 统信UOS 20 (glibc 2.28) cannot be
# fetched here (its archive is not reachable); installer/check_glibc.py covers 2.28.
set -euo pipefail
cd "$(dirname "$0")/.."

dist=${1:-dist/glibc-2.28}
root=${ZJK_FOCAL_ROOT:-/var/tmp/zjk-glibc/focal-chroot}
mirror=${ZJK_UBUNTU_MIRROR:-http://archive.ubuntu.com/ubuntu}

[ "$(id -u)" -eq 0 ] || { echo "older_system_test: needs root (chroot)" >&2; exit 1; }
debs=("$dist"/zjk-desktop_*.deb "$dist"/cn.zjk.kjtpy_*.deb)
for deb in "${debs[@]}"; do [ -f "$deb" ] || { echo "older_system_test: no $deb" >&2; exit 1; }; done

if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  check=()
  [ -f /usr/share/keyrings/ubuntu-archive-keyring.gpg ] || check=(--no-check-gpg)
  echo "== debootstrap Ubuntu focal into $root"
  debootstrap "${check[@]}" --variant=minbase --components=main,universe focal "$root" "$mirror" >/dev/null
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev/pts" || mount -t devpts devpts "$root/dev/pts"
trap 'umount "$root/proc" "$root/dev/pts" 2>/dev/null || true; rm -rf "$root/tmp/zjk-test"' EXIT
echo "== $(chroot "$root" ldd --version | head -1)"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp/zjk-test/home \
  XDG_DATA_HOME=/tmp/zjk-test/home/.local/share LANG=C.UTF-8 "$@"; }

for deb in "${debs[@]}"; do
  name=$(dpkg-deb --field "$deb" Package)
  rm -rf "$root/tmp/zjk-test" && mkdir -p "$root/tmp/zjk-test/home"
  cp "$deb" "$root/tmp/zjk-test/"
  echo "== $name: apt-get install on focal"
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    "/tmp/zjk-test/$(basename "$deb")" >/dev/null
  if [ "$name" = zjk-desktop ]; then bin=/usr/bin; else bin=/opt/apps/$name/files; fi
  in_root "$bin/zjk" --version
  in_root "$bin/zjk" demo --scale small >/dev/null
  in_root "$bin/zjk" record list --kind visit --limit 1 >/dev/null
  in_root env QT_QPA_PLATFORM=offscreen "$bin/zjk-desktop" --smoke \
    --db /tmp/zjk-test/home/.local/share/zjk-desktop/zjk.sqlite3
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$name" >/dev/null
  echo "== $name: installed on Ubuntu 20.04 (glibc 2.31), CLI + demo + GUI --smoke ran, removed"
done
