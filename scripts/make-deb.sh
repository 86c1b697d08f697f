#!/usr/bin/env bash
# Builds the Debian package of Cabildo from a built tree: scripts/make-deb.sh BUILD_DIR OUT_DIR.
# It holds the server (stripped), the web app's files, a systemd unit running it as its own user
# with the database and its secret under /var/lib/cabildo (0700), /etc/default/cabildo (a
# conffile), and the README. Dependencies come from dpkg-shlibdeps, as Debian's own packages do.
set -euo pipefail
build=${1:?usage: make-deb.sh BUILD_DIR OUT_DIR}
out=${2:?usage: make-deb.sh BUILD_DIR OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
version=${CABILDO_VERSION:-0.$(git -C "$root" rev-list --count HEAD 2>/dev/null || echo 0)}
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkg="$work/cabildo_${version}_${arch}"

install -D -m 0755 "$build/app/cabildo" "$pkg/usr/bin/cabildo"
strip --strip-unneeded "$pkg/usr/bin/cabildo"
mkdir -p "$pkg/usr/share/cabildo"
cp -r "$root/frontend/dist" "$pkg/usr/share/cabildo/frontend"
install -D -m 0644 "$root/packaging/cabildo.service" "$pkg/lib/systemd/system/cabildo.service"
install -D -m 0644 "$root/packaging/default" "$pkg/etc/default/cabildo"
install -D -m 0644 "$root/README.md" "$pkg/usr/share/doc/cabildo/README.md"

# The shared libraries the binary needs, as package names (dpkg-shlibdeps reads debian/control).
mkdir -p "$work/shlibs/debian"
printf 'Source: cabildo\n\nPackage: cabildo\nArchitecture: any\n' > "$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O -e "$pkg/usr/bin/cabildo" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')

mkdir -p "$pkg/DEBIAN"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: cabildo
Version: $version
Architecture: $arch
Maintainer: Cabildo <cabildo@localhost>
Depends: $depends, adduser, tzdata
Section: web
Priority: optional
Description: participatory consultation and voting engine
 Municipalities launch challenges; residents upload ideas and vote inside
 timeline windows, online or at in-person tables; every participant counts
 once; ballots are counted into ranked proposals on a public bulletin board
 anyone can verify with cabildo verify.
CONTROL
echo /etc/default/cabildo > "$pkg/DEBIAN/conffiles"
cat > "$pkg/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  getent passwd cabildo >/dev/null || adduser --system --group --home /var/lib/cabildo \
    --gecos "Cabildo" cabildo >/dev/null
  install -d -m 0700 -o cabildo -g cabildo /var/lib/cabildo
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || true
    # An upgrade restarts a running server (it drains its requests first); a first install waits
    # for the operator to set /etc/default/cabildo and run: systemctl enable --now cabildo
    if systemctl is-active --quiet cabildo; then systemctl restart cabildo || true; fi
  fi
fi
exit 0
POSTINST
cat > "$pkg/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
  systemctl stop cabildo >/dev/null 2>&1 || true
fi
exit 0
PRERM
chmod 0755 "$pkg/DEBIAN/postinst" "$pkg/DEBIAN/prerm"

mkdir -p "$out"
# xz, as Debian's own packages; the test's package (scripts/test-deb.sh) is never shipped and skips it.
dpkg-deb --root-owner-group -Z"${CABILDO_DEB_COMPRESSION:-xz}" --build "$pkg" "$out" >/dev/null
echo "$out/cabildo_${version}_${arch}.deb"
