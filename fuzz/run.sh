#!/usr/bin/env bash
# Builds both fuzz targets and runs each for FUZZ_SECONDS (default 30) from its seed corpus.
#
# New inputs go to fuzz/scratch/<target> (ignored by git), so the committed seed corpus stays as
# it is; a crash leaves its input in fuzz/artifacts/<target>/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cargo +nightly fuzz build

for target in wire_decode session_inputs; do
    mkdir -p "scratch/$target"
    log="scratch/$target.log"
    echo "fuzzing $target for ${seconds}s"
    if ! cargo +nightly fuzz run "$target" "scratch/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "$target: crash, input kept in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E "^Done|stat::number_of_executed_units|stat::average_exec_per_sec" "$log" | sed "s/^/$target: /"
done
