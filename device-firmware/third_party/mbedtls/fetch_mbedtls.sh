#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetch mbedTLS 2.28.3 (Debian bookworm's source package mbedtls 2.28.3-1) into a cache folder outside the
# repository and unpack its upstream tarball there. No mbedTLS code is committed to Fleet; the Cortex-M7 builds
# compile the few modules they need from this cache (mbedtls.cmake).
#
# Trust chain, all checked by apt with the ordinary client and private state (nothing under /etc or /var/lib
# is touched): bookworm's InRelease is verified against the debian-archive-keyring -> the Sources index's
# hash in it -> the .dsc's hash in Sources -> the tarball's SHA-256 in the .dsc. On top of that the tarball
# must have the SHA-256 pinned below (the value in the 2.28.3-1 .dsc), so a later change of the archive cannot
# change what Fleet builds without a reviewed edit here.
#
#   fetch_mbedtls.sh [cache dir]      default: $FL_MBEDTLS_CACHE, else ~/.cache/fleet/mbedtls-2.28.3
#
# Prints the source root (the folder holding include/ and library/) on stdout as its last line.
# Idempotent: a cache whose stamp matches the pinned hash is reused without network access.
# Exit status: 0 ok, 1 download or verification failed (with a clear "error:" line on stderr).
set -euo pipefail

version=2.28.3
debian_version=2.28.3-1
tarball=mbedtls_${version}.orig.tar.gz
tarball_sha256=3b4953aa55a681e084d31892d9904cc5328d6b4958ea57b90ae4b4f94ae69a8d
mirror=${FL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=${FL_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}

err() { echo "error: fetch_mbedtls.sh: $*" >&2; exit 1; }

if [ $# -eq 0 ] && [ -z "${FL_MBEDTLS_CACHE:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ] && [ -z "${HOME:-}" ]; then
    err "no cache folder: set FL_MBEDTLS_CACHE (or HOME)"
fi
cache=${1:-${FL_MBEDTLS_CACHE:-${XDG_CACHE_HOME:-${HOME:-}/.cache}/fleet/mbedtls-$version}}
src=$cache/mbedtls-$version
stamp=$cache/.verified

verified() { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$tarball_sha256" ] && [ -f "$src/include/mbedtls/ecdsa.h" ]; }

if verified; then
    echo "$src"
    exit 0
fi
mkdir -p "$cache" || err "cannot create $cache"
# Two builds configuring at once share the cache: one fetches, the other waits and reuses it.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/.lock"
    flock 9
    if verified; then
        echo "$src"
        exit 0
    fi
fi

for tool in apt-get sha256sum tar; do
    command -v "$tool" >/dev/null 2>&1 || err "'$tool' is needed (Debian: apt-get install apt coreutils tar)"
done
[ -r "$keyring" ] || err "$keyring is missing (apt-get install debian-archive-keyring)"
command -v gpgv >/dev/null 2>&1 || err "gpgv is needed to verify Debian's index (apt-get install gpgv)"

work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d" "$work/download"
echo "deb-src [signed-by=$keyring] $mirror bookworm main" >"$work/etc/sources.list"
# Private apt state: only our sources list and our lists/cache folders; the system's configuration is read
# but nothing of it is written.
apt_opts=(-o "Dir::Etc::sourcelist=$work/etc/sources.list" -o "Dir::Etc::sourceparts=-"
          -o "Dir::Etc::preferencesparts=$work/etc/preferences.d" -o "Dir::State::Lists=$work/lists"
          -o "Dir::Cache=$work/cache" -o "Dir::State::status=/dev/null" -o "APT::Sandbox::User=$(id -un)"
          -o "Debug::NoLocking=1" -o "Acquire::Retries=2" -q=2)

echo "fetching Debian's signed source index (bookworm, $mirror)" >&2
# --error-on=any: a failed download or signature check fails the update (apt only warns by default).
if ! apt-get "${apt_opts[@]}" --error-on=any update >"$work/apt-update.log" 2>&1; then
    cat "$work/apt-update.log" >&2
    if grep -qE 'NO_PUBKEY|EXPKEYSIG|BADSIG|not signed|signatures were invalid|GPG error' "$work/apt-update.log"; then
        err "bookworm's InRelease from $mirror did not verify against $keyring"
    fi
    err "could not fetch bookworm's source index from $mirror (offline? set FL_DEBIAN_MIRROR to a reachable" \
        "mirror, or configure with -DFL_MBEDTLS_SOURCE_DIR=<verified mbedTLS 2.28.3 tree>)"
fi

echo "downloading mbedtls $debian_version (source package)" >&2
if ! (cd "$work/download" && apt-get "${apt_opts[@]}" source --download-only "mbedtls=$debian_version") \
        >"$work/apt-source.log" 2>&1; then
    cat "$work/apt-source.log" >&2
    err "apt-get source mbedtls=$debian_version failed (no longer in bookworm's index? update the pinned version here)"
fi
got=$(sha256sum "$work/download/$tarball" | cut -d' ' -f1)
[ "$got" = "$tarball_sha256" ] || err "$tarball has SHA-256 $got, pinned $tarball_sha256"
grep -qE "^ $tarball_sha256 [0-9]+ $tarball\$" "$work/download/mbedtls_$debian_version.dsc" ||
    err "the .dsc does not list $tarball with the pinned SHA-256"

# The tarball's top folder is GitHub's (Mbed-TLS-mbedtls-<commit>): unpack it under a fixed name.
rm -rf "$src" "$stamp"
mkdir -p "$src"
tar -xzf "$work/download/$tarball" -C "$src" --strip-components=1 || err "cannot unpack $tarball into $src"
[ -f "$src/include/mbedtls/ecdsa.h" ] || err "$tarball did not unpack to $src"
cp "$work/download/$tarball" "$work/download/mbedtls_$debian_version.dsc" "$cache/"
echo "$tarball_sha256" >"$stamp"
echo "$src"
