#!/usr/bin/env bash
# Fuzzes the CSV reader and the model loader with libFuzzer under AddressSanitizer, each for
# SECONDS (default 60), starting from the committed seed corpus in Fuzz/Corpus/<target>/.
# New interesting inputs collect in .build-fuzz/corpus/<target>/ (kept between runs); a crash,
# sanitizer report, timeout (10 s per input) or memory blow-up (2 GB) is saved as
# .build-fuzz/findings/<target>-* and fails the script. The targets are declared only when
# FORECAST_FUZZ is set (see Package.swift), in their own build folder.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: csv model)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv model)

build() {
  FORECAST_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address --product "fuzz-$1"
}

status=0
for target in "${targets[@]}"; do
  build "$target"
  binary=$(FORECAST_FUZZ=1 swift build -c release --scratch-path .build-fuzz --show-bin-path)/fuzz-$target
  corpus=.build-fuzz/corpus/$target
  mkdir -p "$corpus" .build-fuzz/findings
  echo "fuzz-$target: $seconds s"
  # -max_len: the seeds (model directories of ~50 kB) must fit whole.
  # SWIFT_BACKTRACE off: a Swift trap then reaches libFuzzer as a crash with its stack, instead of
  # the runtime's backtracer reading memory that AddressSanitizer reports.
  if ! SWIFT_BACKTRACE=enable=no "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=131072 -print_final_stats=1 \
      -artifact_prefix=".build-fuzz/findings/$target-" "$corpus" "Fuzz/Corpus/$target"; then
    echo "fuzz-$target found a problem: see .build-fuzz/findings/" >&2
    status=1
  fi
done
exit $status
