#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every Fleet test on a fresh machine: installs what the machine lacks, builds the C core and runs its
# unit tests (ctest) and fuzzers (libFuzzer, bounded), builds the .NET solution and runs every xunit project,
# then prints one summary line "total: N passed, N failed, N skipped". Exit status 0 only if nothing failed.
#
#   bash tests/run-all.sh            everything (what CI runs)
#   FUZZ_SECONDS=10 bash tests/run-all.sh   shorter fuzz runs
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/artifacts/test-results"
FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
CONFIGURATION="${CONFIGURATION:-Debug}"
export FLEET_SCREENSHOT_DIR="$OUT/portal-screenshots"   # the portal tests' screenshots, kept with the results
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1
rm -rf "$OUT" && mkdir -p "$OUT"

step() { printf '\n==> %s\n' "$*"; }

# --- 1. What the machine needs ------------------------------------------------------------------------------
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v gcc >/dev/null || need+=(gcc)
command -v clang >/dev/null || need+=(clang)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
dpkg -s libmbedtls-dev >/dev/null 2>&1 || need+=(libmbedtls-dev)   # SHA-256 for the model-format tests only
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v arm-none-eabi-gcc >/dev/null || need+=(gcc-arm-none-eabi libnewlib-arm-none-eabi)
command -v qemu-system-arm >/dev/null || need+=(qemu-system-arm)
{ command -v gpgv >/dev/null && [ -r /usr/share/keyrings/debian-archive-keyring.gpg ]; } || need+=(gpgv debian-archive-keyring)  # verifying mbedTLS's Debian source package (M7 presets)
[ -x /usr/sbin/mosquitto ] || need+=(mosquitto)                          # the gateway's External broker mode
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)  # the gateway's PostgreSQL store
command -v mosquitto_pub >/dev/null || need+=(mosquitto-clients)           # infra check: TLS connect to Mosquitto
command -v promtool >/dev/null || need+=(prometheus)                       # infra check: promtool config/rules
python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)               # infra check: YAML structure
command -v openssl >/dev/null || need+=(openssl)                           # infra check: throw-away certificates
if [ ${#need[@]} -gt 0 ]; then
  step "installing: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "could not install ${need[*]}"; exit 2; }
fi

failed_stages=()

# --- 2. C core: unit tests ----------------------------------------------------------------------------------
step "C core: build and unit tests (ctest)"
CORE_BUILD="$ROOT/artifacts/build-core"
if cmake -S "$ROOT/device-firmware/core" -B "$CORE_BUILD" -DCMAKE_BUILD_TYPE=Debug -DFL_BUILD_TESTS=ON >"$OUT/cmake-configure.log" 2>&1 \
   && cmake --build "$CORE_BUILD" --parallel 2 >"$OUT/cmake-build.log" 2>&1; then
  ctest --test-dir "$CORE_BUILD" --output-on-failure --timeout 600 --output-junit "$OUT/ctest.xml" || true
else
  cat "$OUT/cmake-configure.log" "$OUT/cmake-build.log" | tail -40
  failed_stages+=("c-build")
fi

# --- 3. C core: fuzzers (bounded) ---------------------------------------------------------------------------
step "C core: libFuzzer, ${FUZZ_SECONDS}s per target"
FUZZ_RESULTS="$OUT/fuzz.tsv"
: >"$FUZZ_RESULTS"
for script in "$ROOT"/device-firmware/core/tools/run_fuzz*.sh; do
  [ -f "$script" ] || continue
  name="$(basename "$script" .sh)"
  if FL_FUZZ_BUILD_DIR="$ROOT/artifacts/fuzz-build" bash "$script" "$FUZZ_SECONDS" >"$OUT/$name.log" 2>&1; then
    printf '%s\tpassed\n' "$name" >>"$FUZZ_RESULTS"; tail -3 "$OUT/$name.log"
  else
    printf '%s\tfailed\n' "$name" >>"$FUZZ_RESULTS"; tail -40 "$OUT/$name.log"
  fi
done

# --- 3b. C core on an emulated Cortex-M7 (QEMU mps2-an500, DSP instructions) -------------------------------
step "C core on Cortex-M7 under QEMU"
FL_QEMU_BUILD_DIR="$ROOT/artifacts/qemu-build" bash "$ROOT/device-firmware/port/qemu_m7/run_tests.sh" \
  >"$OUT/qemu-m7.log" 2>&1
qemu_status=$?
tail -8 "$OUT/qemu-m7.log"
counts="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$OUT/qemu-m7.log" | tail -1)"
if [ "$qemu_status" -eq 77 ]; then
  printf 'c (cortex-m7 qemu)\t0\t0\t1\t%s\n' "$(grep SKIPPED "$OUT/qemu-m7.log" | head -1)" >>"$OUT/suites.tsv"
elif [ -n "$counts" ]; then
  p="$(echo "$counts" | awk '{print $1}')"; f="$(echo "$counts" | awk '{print $3}')"
  [ "$qemu_status" -eq 0 ] || [ "$f" -gt 0 ] || f=1
  printf 'c (cortex-m7 qemu)\t%s\t%s\t0\t\n' "$p" "$f" >>"$OUT/suites.tsv"
else
  printf 'c (cortex-m7 qemu)\t0\t1\t0\tbuild or run failed\n' >>"$OUT/suites.tsv"
fi

# --- 4. .NET: build and every test project ------------------------------------------------------------------
step ".NET: build Fleet.sln"
if dotnet build "$ROOT/Fleet.sln" -c "$CONFIGURATION" -nologo -v q >"$OUT/dotnet-build.log" 2>&1; then
  step ".NET: tests"
  dotnet test "$ROOT/Fleet.sln" -c "$CONFIGURATION" --no-build -nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$OUT/trx" \
    2>&1 | tee "$OUT/dotnet-test.log" | grep -a -E "^\s*(Failed|Skipped) |Passed!|Failed!|error" || true
else
  grep -E "error|Error" "$OUT/dotnet-build.log" | head -40
  failed_stages+=("dotnet-build")
fi

# --- 4b. Operations files (infra/): structure, promtool, a real Mosquitto TLS start ---------------------------------
step "infra: operations files"
bash "$ROOT/infra/check-infra.sh" >"$OUT/infra-check.log" 2>&1
grep -E '^(FAIL|SKIPPED)|^infra:' "$OUT/infra-check.log"
counts="$(grep -E '^infra: [0-9]+ passed' "$OUT/infra-check.log" | tail -1)"
if [ -n "$counts" ]; then
  printf 'infra (check-infra.sh)\t%s\t%s\t%s\t%s\n' "$(echo "$counts" | awk '{print $2}')" \
    "$(echo "$counts" | awk '{print $4}')" "$(echo "$counts" | awk '{print $6}')" \
    "$(grep -m1 '^SKIPPED' "$OUT/infra-check.log" | cut -c9-)" >>"$OUT/suites.tsv"
else
  printf 'infra (check-infra.sh)\t0\t1\t0\tcheck did not finish\n' >>"$OUT/suites.tsv"
fi

# --- 5. One summary -----------------------------------------------------------------------------------------
step "summary"
python3 "$ROOT/tests/scripts/summarize.py" "$OUT" "${failed_stages[@]}"
