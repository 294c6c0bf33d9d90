#!/bin/sh
# Installs the Debian packages tend needs to build, test and measure, when
# any is missing. A no-op when all are present. Uses sudo when not root.
set -eu
pkgs="gcc make pkg-config libncurses-dev libsqlite3-dev libsodium-dev \
libcmocka-dev libzxcvbn-dev libunistring-dev tmux faketime tzdata hyperfine time procps sqlite3 python3 python3-icalendar \
clang libclang-rt-14-dev fiu-utils libfiu-dev strace locales \
scdoc man-db groff-base bash-completion zsh fish"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "tend: installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
