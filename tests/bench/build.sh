#!/usr/bin/env bash
# tests/bench/build.sh — build benchmark: briefing against Hugo and the peers' published figures.
#
# What it does
#   1. Builds briefing in release mode (`cargo build --release` in the repo root) and
#      copies the binary into a temp dir, so a rebuild by someone else during the run
#      cannot swap the binary under test.
#   2. Generates the synthetic corpus with shared/bench/gen_corpus.py at each size:
#      layout `plain` for briefing, layout `hugo` for Hugo (the same pages).
#   3. For each size: one warm-up run of each command, then RUNS rounds alternating
#      the commands (briefing build, hugo, briefing check, briefing build, hugo, ...),
#      each build into a FRESH output folder. Old output trees are never deleted inside
#      a timed run (see PRUNE below). Every run is timed with
#      `/usr/bin/time -f '%e %M %U %S'` (wall s, peak RSS KiB, user s, system s).
#   4. Prints a Markdown table to stdout: median wall seconds, pages/s, median peak RSS
#      MiB, output size MB (sum of file sizes, 10^6 bytes), median user/system seconds,
#      and the ratio of each row's median wall time to Hugo's (measured here) and to the
#      floor / Zola / mdBook figures published in shared/bench/PEERS.md.
#      Ratios are "this row's time / peer's time": below 1 means faster than the peer.
#      Progress and corpus details go to stderr.
#
# Rows
#   briefing build   `briefing build --root CORPUS --out FRESH_DIR`
#   briefing check   `briefing check --root CORPUS --today 2000-01-01` (compiles everything, writes nothing)
#   hugo             `hugo --quiet -d FRESH_DIR`, run in the Hugo corpus folder
#
# Usage
#   tests/bench/build.sh [--install-peers] [--help]
#     --install-peers   install Hugo if missing (apt-get update once, then
#                       apt-get install -y hugo; uses sudo when not root)
#   Without Hugo installed the Hugo row is skipped (the script says how to install it)
#   and the "x Hugo" column falls back to Hugo's published figure, marked with *.
#
# Environment
#   SIZES="1000 10000"   corpus sizes in pages
#   RUNS=5               timed runs of each command per size (after one warm-up)
#   SHARED=DIR           the shared folder (default: <repo>/../shared)
#   BENCH_TMP=DIR        where the temp dir goes (default: $TMPDIR or /tmp); keep it on
#                        the disk you want to measure, not on a tmpfs
#   BRIEFING=PATH        benchmark this binary instead of building one
#   BUILD_RETRIES=0      retry a failed `cargo build --release` this many times, 60 s apart
#                        (useful while others are editing src/)
#   PRUNE=end|run        end (default): keep every output tree until the script exits, then
#                        delete them all; run: delete each tree right after it is measured
#                        (still outside the timed region). On these disks (ext4 mounted with
#                        `discard`) creating files is much slower for a few minutes after many
#                        files are deleted, so `end` keeps deletions away from the timed runs.
#                        Mind this when starting the script twice in a row.
#   KEEP=1               keep the temp dir (corpora, outputs, logs) and print its path
#
# Caveats
#   The machine has 2 cores shared with whatever else runs (e.g. other people's cargo
#   builds): compare only figures taken side by side in one run; differences under about
#   20% between separate runs are noise. The load average is printed with the table.
#   /usr/bin/time reports wall time to 10 ms only, which is coarse at 1,000 pages.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

INSTALL_PEERS=0
for arg in "$@"; do
  case "$arg" in
    --install-peers) INSTALL_PEERS=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
SHARED=${SHARED:-$REPO/../shared}
GEN="$SHARED/bench/gen_corpus.py"
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
PRUNE=${PRUNE:-end}
BUILD_RETRIES=${BUILD_RETRIES:-0}
TIME=/usr/bin/time

log() { echo "[bench] $*" >&2; }
die() { echo "build.sh: $*" >&2; exit 1; }

[[ -f "$GEN" ]] || die "corpus generator not found at $GEN (set SHARED=...)"
[[ -x "$TIME" ]] || die "$TIME not found: apt-get install -y time"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ "$PRUNE" == end || "$PRUNE" == run ]] || die "PRUNE must be 'end' or 'run'"
for n in $SIZES; do [[ "$n" =~ ^[0-9]+$ && "$n" -ge 2 ]] || die "SIZES must be integers >= 2"; done

# Published figures, median wall seconds, from /work/shared/bench/PEERS.md
# ("Peers' figures on the benchmark corpus", measured 2026-11-29 on a 2 vCPU machine of
# this kind; minimal templates/layouts/theme, no search index — briefing builds none).
declare -A PUB_FLOOR=([1000]=0.030 [10000]=0.350)   # walk + pulldown-cmark + fixed shell + write
declare -A PUB_ZOLA=([1000]=0.183 [10000]=2.181)    # Zola 0.22.1, minimal templates
declare -A PUB_MDBOOK=([1000]=0.716 [10000]=103.0)  # mdBook 0.5.4, minimal theme
declare -A PUB_HUGO=([1000]=0.295 [10000]=2.802)    # Hugo 0.111.3, minimal layouts

# ---------------------------------------------------------------- peers (Hugo)
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
if [[ $INSTALL_PEERS -eq 1 ]] && ! command -v hugo >/dev/null; then
  log "installing Hugo: apt-get update && apt-get install -y hugo"
  as_root apt-get update >&2
  as_root apt-get install -y hugo >&2
fi
HAVE_HUGO=0
if command -v hugo >/dev/null; then
  HAVE_HUGO=1
  HUGO_VERSION=$(hugo version 2>/dev/null | awk '{print $2}')
else
  HUGO_VERSION="not installed"
  log "hugo is not installed: skipping it. Install with 'apt-get install -y hugo' or run with --install-peers."
fi

# ---------------------------------------------------------------- temp dir
WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/briefing-bench.XXXXXX")
cleanup() {
  if [[ "${KEEP:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
mkdir -p "$WORK/bin" "$WORK/corpus" "$WORK/out" "$WORK/logs"

# ---------------------------------------------------------------- briefing binary
if [[ -n "${BRIEFING:-}" ]]; then
  [[ -x "$BRIEFING" ]] || die "BRIEFING=$BRIEFING is not an executable"
  cp "$BRIEFING" "$WORK/bin/briefing"
else
  attempt=0
  until (cd "$REPO" && cargo build --release >&2); do
    attempt=$((attempt + 1))
    [[ $attempt -le $BUILD_RETRIES ]] || die "cargo build --release failed"
    log "cargo build failed; retrying in 60 s ($attempt/$BUILD_RETRIES)"
    sleep 60
  done
  cp "${CARGO_TARGET_DIR:-$REPO/target}/release/briefing" "$WORK/bin/briefing"
fi
BRIEF="$WORK/bin/briefing"
BRIEF_VERSION=$("$BRIEF" --version 2>/dev/null || echo "briefing ?")
GIT_REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
if [[ -n "$(git -C "$REPO" status --porcelain 2>/dev/null | head -1)" ]]; then GIT_REV="$GIT_REV, dirty"; fi

# ---------------------------------------------------------------- corpora
for n in $SIZES; do
  log "generating corpus: $n pages (plain$([[ $HAVE_HUGO -eq 1 ]] && echo ", hugo"))"
  python3 "$GEN" --layout plain --n "$n" --out "$WORK/corpus/plain-$n" >&2
  if [[ $HAVE_HUGO -eq 1 ]]; then
    python3 "$GEN" --layout hugo --n "$n" --out "$WORK/corpus/hugo-$n" >&2
  fi
done

# ---------------------------------------------------------------- measuring
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }

declare -A WALL RSS USR SYS OUTB FAILED
NOTES=()
seq_no=0

# run_one TOOL N TIMED: one run of TOOL at size N in a fresh output folder.
run_one() {
  local tool=$1 n=$2 timed=$3 out tf lg rc=0 line
  seq_no=$((seq_no + 1))
  out="$WORK/out/$n/$tool-$seq_no"
  tf="$WORK/logs/$tool-$n-$seq_no.time"
  lg="$WORK/logs/$tool-$n-$seq_no.log"
  mkdir -p "$WORK/out/$n"
  case "$tool" in
    build) "$TIME" -f '%e %M %U %S' -o "$tf" "$BRIEF" build --root "$WORK/corpus/plain-$n" --out "$out" >"$lg" 2>&1 || rc=$? ;;
    # Review dates are judged as of 2000-01-01 so that the corpus's old dates do
    # not print 10,000 warnings: the row measures the checking, not the printing.
    check) "$TIME" -f '%e %M %U %S' -o "$tf" "$BRIEF" check --root "$WORK/corpus/plain-$n" --today 2000-01-01 >"$lg" 2>&1 || rc=$? ;;
    hugo)  (cd "$WORK/corpus/hugo-$n" && "$TIME" -f '%e %M %U %S' -o "$tf" hugo --quiet -d "$out") >"$lg" 2>&1 || rc=$? ;;
  esac
  if [[ $rc -ne 0 ]]; then
    FAILED[$tool:$n]=1
    echo "[bench] $tool at $n pages exited with status $rc; first lines of its output:" >&2
    head -n 15 "$lg" >&2
    return 0
  fi
  if [[ "$timed" == 1 ]]; then
    read -r line < <(tail -n 1 "$tf")
    read -r w m u s <<<"$line"
    WALL[$tool:$n]+="$w "; RSS[$tool:$n]+="$m "; USR[$tool:$n]+="$u "; SYS[$tool:$n]+="$s "
    if [[ -d "$out" ]]; then OUTB[$tool:$n]+="$(bytes_of "$out") "; fi
  else
    # warm-up: report anything briefing says besides its one-line summary
    if [[ "$tool" != hugo ]]; then
      local extra
      extra=$(grep -v '^Built [0-9]* pages' "$lg" || true)
      if [[ -n "$extra" ]]; then
        NOTES+=("briefing $tool at $n pages printed $(printf '%s\n' "$extra" | wc -l) line(s) of diagnostics; first lines:")
        while IFS= read -r l; do NOTES+=("    $l"); done < <(printf '%s\n' "$extra" | head -n 8)
      fi
    fi
    if [[ "$tool" == build ]]; then NOTES+=("$n pages: briefing says: $(grep -o '^Built [0-9]* pages and [0-9]* scenarios' "$lg" || echo 'no summary line')"); fi
  fi
  if [[ "$PRUNE" == run ]]; then rm -rf "$out"; fi
}

TOOLS=(build)
[[ $HAVE_HUGO -eq 1 ]] && TOOLS+=(hugo)
TOOLS+=(check)
LOADAVG=()
for n in $SIZES; do
  log "size $n: warm-up"
  for t in "${TOOLS[@]}"; do run_one "$t" "$n" 0; done
  for ((i = 1; i <= RUNS; i++)); do
    log "size $n: round $i/$RUNS"
    for t in "${TOOLS[@]}"; do
      [[ -n "${FAILED[$t:$n]:-}" ]] || run_one "$t" "$n" 1
    done
  done
  LOADAVG+=("$n pages: $(cut -d' ' -f1-3 /proc/loadavg)")
done

# ---------------------------------------------------------------- report
fmt_ratio() { # fmt_ratio A B [suffix]
  awk -v a="$1" -v b="$2" -v s="${3:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "—"; else printf "%.2f%s", a / b, s }'
}
name_of() { case "$1" in build) echo "briefing build" ;; check) echo "briefing check" ;; hugo) echo "Hugo $HUGO_VERSION" ;; esac; }

echo "## briefing build benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $BRIEF_VERSION ($GIT_REV), Hugo: $HUGO_VERSION, $(nproc) cores;"
echo "median of $RUNS runs after a warm-up, alternating, each into a fresh folder; corpus: gen_corpus.py."
echo "Ratios are this row's wall time / the peer's: measured Hugo, published floor, Zola, mdBook (PEERS.md)."
echo
echo "| tool | pages | wall s | pages/s | peak RSS MiB | output MB | user s | sys s | × Hugo | × floor | × Zola | × mdBook |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
hugo_fallback=0
for n in $SIZES; do
  for t in "${TOOLS[@]}"; do
    if [[ -n "${FAILED[$t:$n]:-}" || -z "${WALL[$t:$n]:-}" ]]; then
      echo "| $(name_of "$t") | $n | failed | | | | | | | | | |"
      continue
    fi
    # shellcheck disable=SC2086
    {
      w=$(median ${WALL[$t:$n]}); m=$(median ${RSS[$t:$n]})
      u=$(median ${USR[$t:$n]}); s=$(median ${SYS[$t:$n]})
      if [[ -n "${OUTB[$t:$n]:-}" ]]; then ob=$(awk -v b="$(median ${OUTB[$t:$n]})" 'BEGIN {printf "%.1f", b / 1e6}'); else ob="—"; fi
    }
    pps=$(awk -v n="$n" -v w="$w" 'BEGIN { if (w > 0) printf "%d", n / w + 0.5; else print "—" }')
    rss=$(awk -v m="$m" 'BEGIN {printf "%.0f", m / 1024}')
    if [[ "$t" == hugo ]]; then
      xh="—"
    elif [[ $HAVE_HUGO -eq 1 && -n "${WALL[hugo:$n]:-}" && -z "${FAILED[hugo:$n]:-}" ]]; then
      # shellcheck disable=SC2086
      xh=$(fmt_ratio "$w" "$(median ${WALL[hugo:$n]})")
    else
      xh=$(fmt_ratio "$w" "${PUB_HUGO[$n]:-}" "*"); hugo_fallback=1
    fi
    printf '| %s | %s | %.2f | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %s |\n' \
      "$(name_of "$t")" "$n" "$w" "$pps" "$rss" "$ob" "$u" "$s" "$xh" \
      "$(fmt_ratio "$w" "${PUB_FLOOR[$n]:-}")" "$(fmt_ratio "$w" "${PUB_ZOLA[$n]:-}")" "$(fmt_ratio "$w" "${PUB_MDBOOK[$n]:-}")"
  done
done
echo
[[ $hugo_fallback -eq 1 ]] && echo "\* Hugo not measured here: ratio to Hugo 0.111.3's published figure." && echo
echo "Published wall s (PEERS.md): floor ${PUB_FLOOR[1000]} / ${PUB_FLOOR[10000]}, Zola ${PUB_ZOLA[1000]} / ${PUB_ZOLA[10000]}, mdBook ${PUB_MDBOOK[1000]} / ${PUB_MDBOOK[10000]}, Hugo ${PUB_HUGO[1000]} / ${PUB_HUGO[10000]} (1,000 / 10,000 pages); other sizes have none (—)."
if [[ $HAVE_HUGO -eq 1 ]]; then
  for n in $SIZES; do
    if [[ -n "${PUB_HUGO[$n]:-}" && -n "${WALL[hugo:$n]:-}" ]]; then
      # shellcheck disable=SC2086
      echo "Hugo here vs published at $n pages: $(fmt_ratio "$(median ${WALL[hugo:$n]})" "${PUB_HUGO[$n]}") (a gauge of how loaded or slow this machine is now)."
    fi
  done
fi
echo "Load average (1/5/15 min) after each size: $(printf '%s; ' "${LOADAVG[@]}" | sed 's/; $//')."
echo "Raw runs (wall s): $(for n in $SIZES; do for t in "${TOOLS[@]}"; do printf '%s@%s=[%s] ' "$t" "$n" "${WALL[$t:$n]:-}"; done; done | sed 's/ ]/]/g; s/ $//')"
if [[ ${#NOTES[@]} -gt 0 ]]; then
  echo
  echo "Notes:"
  printf '%s\n' "${NOTES[@]}"
fi
if [[ -n "$(for k in "${!FAILED[@]}"; do echo "$k"; done)" ]]; then exit 1; fi
