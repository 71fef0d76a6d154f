#!/usr/bin/env bash
# bench-vet.sh: the analyzer's cost under `go vet -vettool`, measured side by
# side with x/tools' findcall (a near no-op analyzer: the cost of go vet
# itself) and nilness (which builds SSA for every package), all three built
# from this module's go.mod, so from the same x/tools version.
#
#   scripts/bench-vet.sh [std] [synth] [scale] [patho]   (default: all four)
#
#   std    go vet -vettool=valuetaskcheck std  vs  -vettool=findcall std
#   synth  a generated module of N packages: valuetaskcheck vs nilness
#   scale  the generated module at N and 4N packages: go vet wall time, and
#          the standalone checker's time and max RSS (one process)
#   patho  the pathological function at S and 4S steps: time and max RSS
#
# Environment: REPEATS (3), N (40 packages), STEPS (1000), WORK (a temp dir, removed at exit),
# GOCACHE as usual (a warm one makes the runs measure the vet tools, not
# compiling export data; the script warms it first).
#
# go vet caches a vet tool's results in the build cache, keyed by the tool's
# build ID, so a second identical run only replays them. Every timed run
# here uses a freshly linked copy of its tool (-ldflags -X with a nonce
# changes the build ID) so that nothing is replayed, while the compiled
# export data of the packages stays cached, the same for every tool.
# Runs of the tools being compared alternate (ABBA order) so drift in the
# machine's load hits both alike; the ratio reported is the median of the
# per-round ratios.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPEATS=${REPEATS:-3}
N=${N:-40}
STEPS=${STEPS:-1000}
# The work dir holds the generated modules and a freshly linked tool per
# run (tens of MB): a temporary one is removed at exit, one given in WORK
# is kept.
if [ -n "${WORK:-}" ]; then
	mkdir -p "$WORK"
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-vet.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/bin" "$WORK/log"
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	echo "bench-vet: needs GNU time at /usr/bin/time (apt-get install time)" >&2
	exit 1
fi
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(std synth scale patho)

declare -A PKG=(
	[findcall]=golang.org/x/tools/go/analysis/passes/findcall/cmd/findcall
	[nilness]=golang.org/x/tools/go/analysis/passes/nilness/cmd/nilness
	[valuetaskcheck]=github.com/go-valuetask/valuetask/cmd/valuetaskcheck
)

# tool NAME: links a fresh copy of the tool, with a build ID no earlier run
# had, and prints its path. (It runs in $(...), a subshell: the nonce must
# not rely on a counter.)
tool() {
	local nonce
	nonce=$(date +%s%N)-$RANDOM
	local out="$WORK/bin/$1-$nonce"
	(cd "$ROOT" && go build -ldflags="-X=main.benchNonce=$nonce" -o "$out" "${PKG[$1]}")
	echo "$out"
}
runs=0

# timed LABEL DIR CMD...: runs CMD in DIR under GNU time; sets SECS (wall),
# CPU (user+system seconds of go and every process it waited for: less
# disturbed than wall time by other load on a shared machine) and KB (max
# RSS of the largest single process).
# A vet tool's findings make go vet exit 1, which is fine here; a panic or
# any other failure is not.
timed() {
	local label=$1 dir=$2
	shift 2
	runs=$((runs + 1))
	local log="$WORK/log/$runs.$label.log"
	set +e
	(cd "$dir" && "$TIME" -f "TIME %e %M %U %S" "$@") >"$log" 2>&1
	local rc=$?
	set -e
	if grep -q -e '^panic:' -e 'goroutine [0-9]* \[running\]' "$log"; then
		echo "bench-vet: $label panicked, see $log" >&2
		exit 1
	fi
	if [ $rc -ne 0 ] && [ $rc -ne 1 ] && [ $rc -ne 3 ]; then
		echo "bench-vet: $label exited $rc, see $log" >&2
		tail -20 "$log" >&2
		exit 1
	fi
	read -r SECS KB CPU < <(awk '/^TIME /{print $2, $3, $4 + $5}' "$log" | tail -1)
	# Diagnostics, not their related-information lines (": \t...").
	DIAGS=$(grep -c -E '^[^ #][^ ]*\.go:[0-9]+:[0-9]+: [^[:space:]]' "$log" || true)
}

median() { sort -g | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }

# compare TITLE DIR PATTERN A B: REPEATS rounds of `go vet -vettool=A|B
# PATTERN`, alternating; prints every run and the median ratio A/B.
compare() {
	local title=$1 dir=$2 pattern=$3 a=$4 b=$5
	echo "== $title: go vet -vettool=$a $pattern  vs  -vettool=$b $pattern ($REPEATS rounds, in $dir)"
	# Warm the build cache (export data) and check the tools run at all.
	timed warm-$a "$dir" go vet -vettool="$(tool "$a")" "$pattern"
	timed warm-$b "$dir" go vet -vettool="$(tool "$b")" "$pattern"
	local ratios=() cratios=() r ta tb ca cb da db
	for ((r = 1; r <= REPEATS; r++)); do
		local ba bb
		ba=$(tool "$a")
		bb=$(tool "$b")
		if ((r % 2)); then
			timed "$a" "$dir" go vet -vettool="$ba" "$pattern"; ta=$SECS ca=$CPU da=$DIAGS
			timed "$b" "$dir" go vet -vettool="$bb" "$pattern"; tb=$SECS cb=$CPU db=$DIAGS
		else
			timed "$b" "$dir" go vet -vettool="$bb" "$pattern"; tb=$SECS cb=$CPU db=$DIAGS
			timed "$a" "$dir" go vet -vettool="$ba" "$pattern"; ta=$SECS ca=$CPU da=$DIAGS
		fi
		ratios+=("$(ratio "$ta" "$tb")")
		cratios+=("$(ratio "$ca" "$cb")")
		printf '   round %d: %-15s %7.2f s wall %7.2f s cpu (%s diagnostics)   %-15s %7.2f s wall %7.2f s cpu (%s diagnostics)   ratio wall %s cpu %s\n' \
			"$r" "$a" "$ta" "$ca" "$da" "$b" "$tb" "$cb" "$db" "${ratios[-1]}" "${cratios[-1]}"
	done
	RATIO=$(printf '%s\n' "${ratios[@]}" | median)
	CRATIO=$(printf '%s\n' "${cratios[@]}" | median)
	echo "   median ratio $a/$b: wall $RATIO, cpu $CRATIO"
}

generate() { # generate DIR N [STEPS]
	rm -rf "$1"
	(cd "$ROOT" && go run ./cmd/vtgen -out "$1" -n "$2" -pathological "${3:-0}" -seed 1) >/dev/null
	(cd "$1" && go build ./...)
}

echo "bench-vet: $(go version), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), work dir $WORK"
for s in "${sections[@]}"; do
	case $s in
	std)
		compare "std" "$ROOT" std valuetaskcheck findcall
		echo "RESULT std valuetaskcheck/findcall wall $RATIO cpu $CRATIO"
		;;
	synth)
		generate "$WORK/synth-$N" "$N"
		compare "synthetic module, $N packages" "$WORK/synth-$N" ./... valuetaskcheck nilness
		echo "RESULT synth-$N valuetaskcheck/nilness wall $RATIO cpu $CRATIO"
		;;
	scale)
		generate "$WORK/synth-$N" "$N"
		generate "$WORK/synth-$((4 * N))" "$((4 * N))"
		small=$WORK/synth-$N big=$WORK/synth-$((4 * N))
		echo "== scale: $N vs $((4 * N)) packages ($(find "$small" -name '*.go' | xargs cat | wc -l) vs $(find "$big" -name '*.go' | xargs cat | wc -l) lines)"
		vt=() vm=() st=() sm=()
		for ((r = 1; r <= REPEATS; r++)); do
			timed vet-small "$small" go vet -vettool="$(tool valuetaskcheck)" ./...; t1=$SECS
			timed vet-big "$big" go vet -vettool="$(tool valuetaskcheck)" ./...; t2=$SECS
			vt+=("$(ratio "$t2" "$t1")")
			# Standalone: one process loads and analyzes everything (the
			# runtime and the standard library from source too).
			vtc=$(tool valuetaskcheck)
			timed alone-small "$small" "$vtc" ./...; s1=$SECS m1=$KB
			timed alone-big "$big" "$vtc" ./...; s2=$SECS m2=$KB
			st+=("$(ratio "$s2" "$s1")")
			sm+=("$(ratio "$m2" "$m1")")
			printf '   round %d: go vet %.2f s -> %.2f s (x%s)   standalone %.2f s, %d MB -> %.2f s, %d MB (time x%s, memory x%s)\n' \
				"$r" "$t1" "$t2" "${vt[-1]}" "$s1" $((m1 / 1024)) "$s2" $((m2 / 1024)) "${st[-1]}" "${sm[-1]}"
		done
		echo "RESULT scale go-vet-time x$(printf '%s\n' "${vt[@]}" | median) standalone-time x$(printf '%s\n' "${st[@]}" | median) standalone-rss x$(printf '%s\n' "${sm[@]}" | median) (for 4x the code)"
		;;
	patho)
		generate "$WORK/patho-$STEPS" 0 "$STEPS"
		generate "$WORK/patho-$((4 * STEPS))" 0 "$((4 * STEPS))"
		small=$WORK/patho-$STEPS big=$WORK/patho-$((4 * STEPS))
		echo "== pathological function: $STEPS vs $((4 * STEPS)) steps ($(grep -c . "$small/patho/patho.go") vs $(grep -c . "$big/patho/patho.go") lines)"
		pt=() pm=() nt=()
		for ((r = 1; r <= REPEATS; r++)); do
			timed patho-small "$small" go vet -vettool="$(tool valuetaskcheck)" ./patho; t1=$SECS m1=$KB
			timed patho-big "$big" go vet -vettool="$(tool valuetaskcheck)" ./patho; t2=$SECS m2=$KB d2=$DIAGS
			timed patho-nil "$big" go vet -vettool="$(tool nilness)" ./patho; t3=$SECS m3=$KB
			pt+=("$(ratio "$t2" "$t1")")
			pm+=("$(ratio "$m2" "$m1")")
			nt+=("$(ratio "$t2" "$t3")")
			printf '   round %d: valuetaskcheck %.2f s, %d MB -> %.2f s, %d MB (time x%s, memory x%s; %d diagnostics)   nilness on the big one %.2f s, %d MB\n' \
				"$r" "$t1" $((m1 / 1024)) "$t2" $((m2 / 1024)) "${pt[-1]}" "${pm[-1]}" "$d2" "$t3" $((m3 / 1024))
		done
		echo "RESULT patho time x$(printf '%s\n' "${pt[@]}" | median) memory x$(printf '%s\n' "${pm[@]}" | median) (for 4x the steps); valuetaskcheck/nilness at $((4 * STEPS)) steps $(printf '%s\n' "${nt[@]}" | median)"
		;;
	*)
		echo "bench-vet: unknown section $s" >&2
		exit 2
		;;
	esac
done
