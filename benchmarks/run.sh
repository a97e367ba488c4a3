#!/usr/bin/env bash
# Measure build cost of our generated SDK against the official aws-sdk-ivsrealtime.
#
# For each of
#   ours:     cargo build --release -p generated-sdk --example list_stages   (repo root)
#   official: cargo build --release --bin list_stages                        (benchmarks/official)
# it records
#   - crates in the normal dependency tree (cargo tree -e normal, unique package lines)
#   - wall-clock time of one clean release build (fresh CARGO_TARGET_DIR under /tmp,
#     dependencies fetched beforehand and the build run --offline, so no download time)
#   - size of the stripped release binary (both profiles have strip = true)
# plus nproc, rustc version and date, and whether openssl-sys is in our tree.
#
# Prints a Markdown block ready to paste into BENCHMARKS.md and writes it to
# benchmarks/results.md.
#
# Usage: benchmarks/run.sh [--ours-only] [--keep-target]
#   --ours-only    measure only our SDK (quick run, a minute or two)
#   --keep-target  don't delete the /tmp target directories afterwards
#
# This runs full clean release builds (the official SDK takes many minutes on
# 2 cores): run it on a quiet machine, never in CI.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

OURS_ONLY=0
KEEP_TARGET=0
for arg in "$@"; do
    case "$arg" in
        --ours-only) OURS_ONLY=1 ;;
        --keep-target) KEEP_TARGET=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OFFICIAL_DIR="$BENCH_DIR/official"
RESULTS="$BENCH_DIR/results.md"
WORK="$(mktemp -d /tmp/ivsrt-bench.XXXXXX)"

cleanup() {
    if [[ $KEEP_TARGET -eq 1 ]]; then
        echo "run.sh: kept build directories under $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

# A compiler cache would turn a "clean" build into a cache replay.
unset RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER SCCACHE_DIR || true
export CARGO_TERM_COLOR=never
export CARGO_INCREMENTAL=0

log() { echo "==> $*" >&2; }

if [[ ! -f "$ROOT/generated-sdk/examples/list_stages.rs" ]]; then
    echo "run.sh: $ROOT/generated-sdk/examples/list_stages.rs does not exist yet" >&2
    exit 1
fi

# Unique crates in the normal (non-dev, non-build) dependency tree, root included.
# cargo tree marks repeated subtrees with " (*)"; strip it so each package counts once.
count_crates() { # dir, extra cargo-tree args...
    local dir="$1"; shift
    (cd "$dir" && cargo tree -e normal --prefix none "$@") | sed 's/ (\*)$//' | sort -u | wc -l
}

# openssl-sys in the tree? `cargo tree -i` exits non-zero when the package is absent.
openssl_check() { # dir, extra cargo-tree args...
    local dir="$1"; shift
    local out
    if out="$(cd "$dir" && cargo tree -e normal "$@" -i openssl-sys 2>&1)"; then
        printf 'PRESENT\n\n```\n%s\n```\n' "$out"
    elif grep -q "did not match any packages" <<<"$out"; then
        echo "none"
    else
        printf 'error running cargo tree:\n%s\n' "$out" >&2
        return 1
    fi
}

# Clean release build in a fresh target dir; sets BUILD_SECS and BIN_BYTES.
timed_build() { # name, dir, binary path relative to target dir, cargo build args...
    local name="$1" dir="$2" bin_rel="$3"; shift 3
    local target="$WORK/target-$name" buildlog="$WORK/build-$name.log"
    rm -rf "$target"
    mkdir -p "$target"
    log "$name: clean release build (log: $buildlog)"
    local start end
    start=$EPOCHREALTIME
    if ! (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --release --offline "$@") \
            >"$buildlog" 2>&1; then
        tail -n 40 "$buildlog" >&2
        echo "run.sh: $name build failed" >&2
        KEEP_TARGET=1
        exit 1
    fi
    end=$EPOCHREALTIME
    BUILD_SECS="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')"
    local bin="$target/$bin_rel"
    if [[ ! -f "$bin" ]]; then
        echo "run.sh: $name: expected binary $bin not found" >&2
        exit 1
    fi
    BIN_BYTES="$(stat -c %s "$bin")"
    if command -v file >/dev/null && ! file "$bin" | grep -q ', stripped'; then
        echo "run.sh: warning: $bin does not look stripped" >&2
    fi
    log "$name: ${BUILD_SECS}s, $BIN_BYTES bytes"
}

mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1000000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1f×", b / a; else print "n/a" }'; }

# ---------------------------------------------------------------- ours
log "ours: cargo fetch"
(cd "$ROOT" && cargo fetch) >&2
OURS_CRATES="$(count_crates "$ROOT" -p generated-sdk)"
OURS_OPENSSL="$(openssl_check "$ROOT" -p generated-sdk)"
timed_build ours "$ROOT" release/examples/list_stages -p generated-sdk --example list_stages
OURS_SECS=$BUILD_SECS
OURS_BYTES=$BIN_BYTES

# ---------------------------------------------------------------- official (second)
if [[ $OURS_ONLY -eq 0 ]]; then
    log "official: cargo fetch"
    (cd "$OFFICIAL_DIR" && cargo fetch --locked) >&2
    OFF_CRATES="$(count_crates "$OFFICIAL_DIR")"
    OFF_OPENSSL="$(openssl_check "$OFFICIAL_DIR")"
    OFF_VERSIONS="$(cd "$OFFICIAL_DIR" && cargo tree -e normal --depth 1 --prefix none \
        | grep -E '^(aws-config|aws-sdk-ivsrealtime|tokio) ' | sort -u | paste -sd, - | sed 's/,/, /g')"
    timed_build official "$OFFICIAL_DIR" release/list_stages --locked --bin list_stages
    OFF_SECS=$BUILD_SECS
    OFF_BYTES=$BIN_BYTES
fi

# ---------------------------------------------------------------- report
{
    echo "### Build cost: \`list_stages\` example"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) cores ($(uname -m)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "- Toolchain: $(rustc -V), $(cargo -V)"
    echo "- Ours: \`cargo build --release -p generated-sdk --example list_stages\` (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown))"
    if [[ $OURS_ONLY -eq 0 ]]; then
        echo "- Official: \`cargo build --release --bin list_stages\` in \`benchmarks/official\` ($OFF_VERSIONS, default features)"
    fi
    echo
    if [[ $OURS_ONLY -eq 0 ]]; then
        echo "| Metric | generated-sdk | aws-sdk-ivsrealtime | official / ours |"
        echo "| --- | ---: | ---: | ---: |"
        echo "| Crates in normal dependency tree | $OURS_CRATES | $OFF_CRATES | $(ratio "$OURS_CRATES" "$OFF_CRATES") |"
        echo "| Clean release build time (s) | $OURS_SECS | $OFF_SECS | $(ratio "$OURS_SECS" "$OFF_SECS") |"
        echo "| Stripped binary size (bytes) | $OURS_BYTES | $OFF_BYTES | $(ratio "$OURS_BYTES" "$OFF_BYTES") |"
        echo "| Stripped binary size (MB) | $(mb "$OURS_BYTES") | $(mb "$OFF_BYTES") | |"
    else
        echo "| Metric | generated-sdk |"
        echo "| --- | ---: |"
        echo "| Crates in normal dependency tree | $OURS_CRATES |"
        echo "| Clean release build time (s) | $OURS_SECS |"
        echo "| Stripped binary size (bytes) | $OURS_BYTES |"
        echo "| Stripped binary size (MB) | $(mb "$OURS_BYTES") |"
    fi
    echo
    echo "Crate count: unique packages (root included) in \`cargo tree -e normal --prefix none\`;"
    echo "build time: one clean \`--release\` build in a fresh \`CARGO_TARGET_DIR\`, sources fetched beforehand, default job count;"
    echo "MB = 10^6 bytes."
    echo
    echo "\`cargo tree -p generated-sdk -e normal -i openssl-sys\`: $OURS_OPENSSL"
    if [[ $OURS_ONLY -eq 0 ]]; then
        echo "(official: $OFF_OPENSSL)"
    fi
} >"$RESULTS"

cat "$RESULTS"
log "written to $RESULTS"
