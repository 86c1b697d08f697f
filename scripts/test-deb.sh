#!/usr/bin/env bash
# `make test`'s check of the Debian package (ctest "package"): scripts/test-deb.sh BUILD_DIR builds it
# from that tree and checks what an operator's apt would install: the server, the web app, the
# systemd unit with its own user and a 0700 state directory, the conffile, the dependencies, and
# maintainer scripts that parse.
set -euo pipefail
build=${1:?usage: test-deb.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Uncompressed: the sanitizer tree's binary is large, and xz would spend a minute on a file no one installs.
deb=$(CABILDO_DEB_COMPRESSION=none "$root/scripts/make-deb.sh" "$build" "$out")
fail() { echo "package: $*" >&2; exit 1; }
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/cabildo ./usr/share/cabildo/frontend/index.html ./lib/systemd/system/cabildo.service \
            ./etc/default/cabildo ./usr/share/doc/cabildo/README.md; do
  grep -q " $path\$" <<<"$contents" || fail "$path is missing"
done
grep -q "rwxr-xr-x root/root .* ./usr/bin/cabildo$" <<<"$contents" || fail "the binary is not root's 0755"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libssl3 libsqlite3-0 libpq5 adduser; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/default/cabildo ] || fail "conffiles"
unit=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/cabildo.service)
for line in "User=cabildo" "StateDirectory=cabildo" "StateDirectoryMode=0700" "--db /var/lib/cabildo/cabildo.db"; do
  grep -q -- "$line" <<<"$unit" || fail "the unit lacks $line"
done
for script in postinst prerm; do
  dpkg-deb --ctrl-tarfile "$deb" | tar -xO "./$script" | sh -n || fail "$script does not parse"
done
echo "package: $(basename "$deb") holds the server, the web app and the unit; $(du -k "$deb" | cut -f1) KiB"
