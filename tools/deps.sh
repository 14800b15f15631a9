#!/bin/sh
# Make sure the system tools HiGHS needs to build from source are present: cmake, a C++
# compiler and libclang (for highs-sys's bindgen). Installs them with apt-get when missing
# and running as root; otherwise stops with a one-line message naming them.
missing=""
command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
command -v c++ >/dev/null 2>&1 || missing="$missing g++"
ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1 || missing="$missing libclang-dev"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "taplan: installing$missing with apt-get (needed to build HiGHS)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || {
    echo "taplan: apt-get could not install$missing; install them and retry" >&2; exit 1; }
else
  echo "taplan: missing$missing (needed to build HiGHS); install them (e.g. apt-get install$missing) and retry" >&2
  exit 1
fi
