#!/usr/bin/env bash
# Builds the fuzz targets and runs each for FUZZ_SECONDS (default 30) from its seed corpus.
#
# New inputs go to fuzz/scratch/<target> (ignored by git), so the committed seed corpus stays as
# it is; a crash leaves its input in fuzz/artifacts/<target>/. A crashing target does not stop
# the others, so one run shows every target's state; the script fails if any crashed.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cargo +nightly fuzz build

crashed=()
for target in wire_decode session_inputs session_resume; do
    mkdir -p "scratch/$target"
    log="scratch/$target.log"
    echo "fuzzing $target for ${seconds}s"
    if ! cargo +nightly fuzz run "$target" "scratch/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "$target: crash, input kept in fuzz/artifacts/$target/" >&2
        crashed+=("$target")
        continue
    fi
    grep -E "^Done|stat::number_of_executed_units|stat::average_exec_per_sec" "$log" | sed "s/^/$target: /"
done
if ((${#crashed[@]})); then
    echo "crashed: ${crashed[*]}" >&2
    exit 1
fi
