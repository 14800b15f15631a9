#!/bin/sh
# Make sure the system tools taplan needs are present: cmake, a C++ compiler and libclang
# (HiGHS is built from source; highs-sys uses bindgen), and with `tools/deps.sh test` also
# Debian's chromium for the HTML report's browser test. Installs what is missing with apt-get
# when running as root; otherwise stops with a one-line message naming it.
missing=""
command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
command -v c++ >/dev/null 2>&1 || missing="$missing g++"
ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1 || missing="$missing libclang-dev"
if [ "${1:-}" = test ]; then
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "taplan: installing$missing with apt-get (needed to build HiGHS or, for chromium, to test the HTML report)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || {
    echo "taplan: apt-get could not install$missing; install them and retry" >&2; exit 1; }
else
  echo "taplan: missing$missing (needed to build HiGHS or, for chromium, to test the HTML report); install them (e.g. apt-get install$missing) and retry" >&2
  exit 1
fi
