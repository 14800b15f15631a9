#!/bin/sh
# Make sure the system tools taplan needs are present: cmake, a C++ compiler and libclang
# (HiGHS is built from source; highs-sys uses bindgen), and with `tools/deps.sh test` also
# Debian's chromium and chromium-driver for the browser tests (the HTML report, `taplan serve`'s page). Installs what is missing with apt-get
# when running as root; otherwise stops with a one-line message naming it.
#
# libclang: bindgen (clang-sys) loads `libclang.so`, `libclang-N.so` or `libclang.so.N`
# (`libclang-N.so.M` too). `libclang-cpp.so.N`, which Debian ships without libclang-dev, is a
# different library and does not count. TAPLAN_LIBCLANG_DIRS overrides the folders searched
# (tests/deps.rs points it at a fake library folder).

# has_libclang DIR...: true when one of the folders holds a libclang bindgen can load.
has_libclang() {
  for dir in "$@"; do
    for lib in "$dir"/libclang.so "$dir"/libclang-*.so "$dir"/libclang.so.* "$dir"/libclang-*.so.*; do
      [ -e "$lib" ] || continue
      case "${lib##*/}" in
        libclang-cpp*) ;;
        *) return 0 ;;
      esac
    done
  done
  return 1
}

dirs=${TAPLAN_LIBCLANG_DIRS:-"${LIBCLANG_PATH:-} $(ls -d /usr/lib/llvm-*/lib 2>/dev/null | tr '\n' ' ') /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib /usr/local/lib"}
if [ "${1:-}" = check-libclang ]; then
  # shellcheck disable=SC2086
  has_libclang $dirs && { echo found; exit 0; }
  echo missing; exit 1
fi

missing=""
command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
command -v c++ >/dev/null 2>&1 || missing="$missing g++"
# shellcheck disable=SC2086
has_libclang $dirs || missing="$missing libclang-dev"
if [ "${1:-}" = test ]; then
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
  # `script` gives the progress-bar test a terminal (bsdutils is essential on Debian).
  command -v script >/dev/null 2>&1 || missing="$missing bsdutils"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "taplan: installing$missing with apt-get (needed to build HiGHS or, for chromium, the browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || {
    echo "taplan: apt-get could not install$missing; install them and retry" >&2; exit 1; }
else
  echo "taplan: missing$missing (needed to build HiGHS or, for chromium, the browser tests); install them (e.g. apt-get install$missing) and retry" >&2
  exit 1
fi
