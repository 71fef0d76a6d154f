#!/usr/bin/env bash
# scale-check.sh: a quick check (a few minutes on 2 cores) that the analyzer
# scales, for CI. It generates synthetic modules with cmd/vtgen and runs the
# analyzer on them as `go vet -vettool=valuetaskcheck`:
#
#   1. N packages with a few real misuses: no panic, and exactly the
#      diagnostics the generator marked with `// want` (so no false
#      positive on the correct code, and facts work across packages);
#   2. N vs 4N packages: the time may grow at most GROWTH_MAX times;
#   3. the pathological function (one body of thousands of blocks and
#      ValueTasks): go vet on 4*STEPS steps within PATHO_SECS seconds and
#      without a diagnostic; and the analyzer's own work in
#      BenchmarkPathological (500 vs 2000 steps, minus the x/tools SSA
#      construction that BenchmarkPathologicalSSA times) may grow at most
#      PATHO_GROWTH_MAX times in time and in allocated bytes.
#
# Shared CI machines are noisy, so the bounds only catch gross blow-ups:
# linear growth is x4, quadratic x16. Environment: N (16), STEPS (500),
# GROWTH_MAX (8), PATHO_GROWTH_MAX (GROWTH_MAX), PATHO_SECS (60), WORK (a
# temp dir, removed at exit).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-16}
STEPS=${STEPS:-500}
GROWTH_MAX=${GROWTH_MAX:-8}
PATHO_SECS=${PATHO_SECS:-60}
PATHO_GROWTH_MAX=${PATHO_GROWTH_MAX:-$GROWTH_MAX}
# The work dir holds the generated modules and a freshly linked tool per
# run (tens of MB): a temporary one is removed at exit, one given in WORK
# is kept.
if [ -n "${WORK:-}" ]; then
	mkdir -p "$WORK"
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/scale-check.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
fail=0

# A freshly linked valuetaskcheck for every run: go vet caches results by
# the tool's build ID, and a replayed result would time nothing.
tool() {
	local out
	out="$WORK/valuetaskcheck-$(date +%s%N)"
	(cd "$ROOT" && go build -ldflags="-X=main.scaleNonce=$(date +%s%N)" -o "$out" ./cmd/valuetaskcheck)
	echo "$out"
}

# vet DIR PATTERN LOG: go vet with a fresh tool; sets SECS (wall time) and,
# when GNU time is there, MB (max RSS of the largest process).
vet() {
	local dir=$1 pattern=$2 log=$3 vtc start end
	vtc=$(tool)
	start=$(date +%s%N)
	set +e
	if [ -x /usr/bin/time ]; then
		(cd "$dir" && /usr/bin/time -f "MAXRSS %M" go vet -vettool="$vtc" "$pattern") >"$log" 2>&1
	else
		(cd "$dir" && go vet -vettool="$vtc" "$pattern") >"$log" 2>&1
	fi
	local rc=$?
	set -e
	end=$(date +%s%N)
	SECS=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", (b-a)/1e9}')
	MB=$(awk '/^MAXRSS /{printf "%d", $2/1024}' "$log")
	if grep -q -e '^panic:' -e 'goroutine [0-9]* \[running\]' -e 'internal error' "$log"; then
		echo "FAIL: the analyzer panicked in $dir:"
		grep -m5 -e '^panic:' -e 'internal error' "$log"
		fail=1
	fi
	if [ $rc -ne 0 ] && ! grep -q -E '^[^ #][^ ]*\.go:[0-9]+:[0-9]+: ' "$log"; then
		echo "FAIL: go vet failed without a diagnostic in $dir:"
		tail -20 "$log"
		fail=1
	fi
}

generate() { # generate DIR N STEPS
	rm -rf "$1"
	(cd "$ROOT" && go run ./cmd/vtgen -out "$1" -n "$2" -pathological "$3" -seed 7) >/dev/null
	(cd "$1" && go build ./...)
}

grows() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b/a}'; }
over() { awk -v g="$1" -v m="$2" 'BEGIN{exit !(g > m)}'; }

echo "scale-check: $(go version), $(nproc) cores, work dir $WORK"

# 1. Verdicts on N packages.
generate "$WORK/small" "$N" 0
vet "$WORK/small" ./... "$WORK/small.log"
(cd "$WORK/small" && grep -rn '// want' --include='*.go' . | cut -d: -f1,2 | sed 's|^\./||' | sort) >"$WORK/want"
grep -E '^[^ #][^ ]*\.go:[0-9]+:[0-9]+: [^[:space:]]' "$WORK/small.log" | cut -d: -f1,2 | sed 's|^\./||' | sort -u >"$WORK/got"
if ! diff -u "$WORK/want" "$WORK/got" >"$WORK/verdicts.diff"; then
	echo "FAIL: the diagnostics on $N generated packages differ from their // want comments (- missing, + unexpected):"
	grep -E '^[-+][^-+]' "$WORK/verdicts.diff" | while read -r l; do
		echo "  $l  $(grep -F "${l:1}:" "$WORK/small.log" | head -1 | cut -d' ' -f2-)"
	done
	fail=1
else
	echo "ok: $N packages: the $(wc -l <"$WORK/want") misuses reported, nothing else ($SECS s)"
fi

# 2. N vs 4N packages.
generate "$WORK/big" "$((4 * N))" 0
vet "$WORK/small" ./... "$WORK/small2.log"
t1=$SECS
vet "$WORK/big" ./... "$WORK/big.log"
t2=$SECS
g=$(grows "$t1" "$t2")
if over "$g" "$GROWTH_MAX"; then
	echo "FAIL: $N -> $((4 * N)) packages: go vet time ${t1} s -> ${t2} s, x$g (more than x$GROWTH_MAX)"
	fail=1
else
	echo "ok: $N -> $((4 * N)) packages: go vet time ${t1} s -> ${t2} s, x$g"
fi

# 3. The pathological function: under go vet, the big one must finish in
# seconds with no diagnostic; its growth is measured in-process by the
# analyzer's benchmark (500 vs 2000 steps), since go vet's fixed cost of
# vetting the dependencies would hide it.
generate "$WORK/patho4" 0 "$((4 * STEPS))"
vet "$WORK/patho4" ./patho "$WORK/patho4.log"
if grep -q -E '^[^ #][^ ]*\.go:[0-9]+:[0-9]+: [^[:space:]]' "$WORK/patho4.log"; then
	echo "FAIL: diagnostics on the pathological function (all of it is correct code):"
	grep -m5 -E '^[^ #][^ ]*\.go:[0-9]+:[0-9]+: [^[:space:]]' "$WORK/patho4.log"
	fail=1
fi
mem=""
[ -n "$MB" ] && mem=", max RSS ${MB} MB"
if over "$SECS" "$PATHO_SECS"; then
	echo "FAIL: pathological function, $((4 * STEPS)) steps: go vet took ${SECS} s (more than ${PATHO_SECS} s)$mem"
	fail=1
else
	echo "ok: pathological function, $((4 * STEPS)) steps: go vet took ${SECS} s$mem"
fi
(cd "$ROOT" && go test -run '^$' -bench 'BenchmarkPathological' -benchtime 3x -benchmem ./analyzer/) >"$WORK/bench.log" 2>&1 || {
	echo "FAIL: go test -bench BenchmarkPathological:"
	tail -20 "$WORK/bench.log"
	fail=1
}
# One line per benchmark: name steps ns/op B/op.
awk '/^BenchmarkPathological(SSA)?\/steps=/ {
	split($1, a, "[/=-]"); ns = ""; by = ""
	for (i = 1; i < NF; i++) { if ($(i+1) == "ns/op") ns = $i; if ($(i+1) == "B/op") by = $i }
	print a[1], a[3], ns, by }' "$WORK/bench.log" >"$WORK/bench.txt"
val() { awk -v n="$1" -v s="$2" -v f="$3" '$1 == n && $2 == s { print $f }' "$WORK/bench.txt"; }
small=$(awk '$1 == "BenchmarkPathological" { print $2 }' "$WORK/bench.txt" | sort -n | head -1)
big=$(awk '$1 == "BenchmarkPathological" { print $2 }' "$WORK/bench.txt" | sort -n | tail -1)
if [ -z "$small" ] || [ "$small" = "$big" ] || [ -z "$(val BenchmarkPathologicalSSA "$big" 3)" ]; then
	echo "FAIL: no BenchmarkPathological results:"
	tail -20 "$WORK/bench.log"
	fail=1
else
	t1=$(val BenchmarkPathological "$small" 3) t2=$(val BenchmarkPathological "$big" 3)
	b1=$(val BenchmarkPathological "$small" 4) b2=$(val BenchmarkPathological "$big" 4)
	st1=$(val BenchmarkPathologicalSSA "$small" 3) st2=$(val BenchmarkPathologicalSSA "$big" 3)
	sb1=$(val BenchmarkPathologicalSSA "$small" 4) sb2=$(val BenchmarkPathologicalSSA "$big" 4)
	sec() { awk -v t="$1" 'BEGIN{printf "%.2f", t/1e9}'; }
	mib() { awk -v b="$1" 'BEGIN{printf "%d", b/1048576}'; }
	# The analyzer's own share: x/tools' SSA construction, which it needs,
	# grows worse than linearly by itself on one huge function.
	ot1=$(awk -v a="$t1" -v b="$st1" 'BEGIN{print a-b}') ot2=$(awk -v a="$t2" -v b="$st2" 'BEGIN{print a-b}')
	ob1=$(awk -v a="$b1" -v b="$sb1" 'BEGIN{print a-b}') ob2=$(awk -v a="$b2" -v b="$sb2" 'BEGIN{print a-b}')
	gt=$(grows "$ot1" "$ot2")
	gb=$(grows "$ob1" "$ob2")
	echo "   pathological function, $small -> $big steps, in-process: analysis $(sec "$t1") s -> $(sec "$t2") s, $(mib "$b1") MB -> $(mib "$b2") MB allocated; of which x/tools SSA construction $(sec "$st1") s -> $(sec "$st2") s (x$(grows "$st1" "$st2")), $(mib "$sb1") MB -> $(mib "$sb2") MB (x$(grows "$sb1" "$sb2"))"
	line="pathological function, $small -> $big steps: the analyzer's own time $(sec "$ot1") s -> $(sec "$ot2") s (x$gt), own allocation $(mib "$ob1") MB -> $(mib "$ob2") MB (x$gb)"
	# A growth only counts where the analyzer's own share of the big run is
	# large enough to measure (a quarter of it): below that, the difference
	# of two timings is mostly noise.
	significant() { awk -v o="$1" -v f="$2" 'BEGIN{exit !(o > f / 4)}'; }
	if { over "$gt" "$PATHO_GROWTH_MAX" && significant "$ot2" "$t2"; } ||
		{ over "$gb" "$PATHO_GROWTH_MAX" && significant "$ob2" "$b2"; }; then
		echo "FAIL: $line: more than x$PATHO_GROWTH_MAX for 4x the code"
		fail=1
	else
		echo "ok: $line"
	fi
fi

if [ $fail -ne 0 ]; then
	echo "scale-check: FAILED"
	exit 1
fi
echo "scale-check: ok"
