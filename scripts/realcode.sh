#!/usr/bin/env bash
# realcode.sh: runs the analyzer over the standard library and large real
# modules fetched through the Go module proxy, with `go vet -vettool`, and
# fails on any panic or diagnostic. Prints the time of each run.
#
#   scripts/realcode.sh                       # std and the default modules
#   MODULES="golang.org/x/net@v0.62.0" scripts/realcode.sh
#   COMPARE=1 scripts/realcode.sh             # also time findcall on each
#
# Each module is vetted in its own source tree (the module cache copy,
# which go vet only reads), with its own go.mod and go.sum, tests
# included, as its developers would run it. A module whose go.mod needs
# more than this Go, or whose packages do not build here, is reported and
# skipped rather than counted as a finding.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULES=${MODULES:-"golang.org/x/tools@v0.52.0 github.com/prometheus/client_golang@v1.25.0 k8s.io/apimachinery@v0.37.2 google.golang.org/grpc@v1.85.0"}
if [ -z "${WORK:-}" ]; then
	WORK=$(mktemp -d /tmp/realcode.XXXXXX)
	trap 'rm -rf "$WORK"' EXIT # a WORK given by the caller is the caller's to keep
fi
mkdir -p "$WORK/bin" "$WORK/log"
export GOFLAGS=${GOFLAGS:-}

# tool NAME PKG: a freshly linked copy (a new build ID, so go vet replays no
# cached result of an earlier run).
tool() {
	local out
	out="$WORK/bin/$1-$(date +%s%N)"
	(cd "$ROOT" && go build -ldflags="-X=main.realcodeNonce=$(date +%s%N)" -o "$out" "$2")
	echo "$out"
}
VTC=github.com/go-valuetask/valuetask/cmd/valuetaskcheck
FINDCALL=golang.org/x/tools/go/analysis/passes/findcall/cmd/findcall

failed=0
declare -a summary

# vet NAME DIR PATTERN: go vet with valuetaskcheck (and findcall with
# COMPARE=1) in DIR; checks for panics and diagnostics.
vet() {
	local name=$1 dir=$2 pattern=$3
	local log="$WORK/log/$(echo "$name" | tr '/@' '__').log"
	local npkg
	npkg=$(cd "$dir" && go list "$pattern" 2>/dev/null | wc -l)
	local start end rc
	start=$(date +%s.%N)
	set +e
	(cd "$dir" && go vet -vettool="$(tool valuetaskcheck "$VTC")" "$pattern") >"$log" 2>&1
	rc=$?
	set -e
	end=$(date +%s.%N)
	local secs diags
	secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
	diags=$(grep -c -E '^[^ #][^ ]*\.go:[0-9]+:[0-9]+: ' "$log" || true)
	local line="$name: $npkg packages, valuetaskcheck ${secs} s, exit $rc, $diags diagnostics"
	if grep -q -e '^panic:' -e 'goroutine [0-9]* \[running\]' -e 'internal error' "$log"; then
		line+=", PANIC (see $log)"
		failed=1
	elif [ "$diags" -ne 0 ]; then
		line+=", FINDINGS (see $log)"
		failed=1
	elif [ $rc -ne 0 ]; then
		# Not a finding: the packages did not load or build here.
		line+=", go vet failed without a diagnostic (see $log): $(grep -v '^#' "$log" | head -1)"
		failed=1
	fi
	if [ "${COMPARE:-0}" = 1 ]; then
		start=$(date +%s.%N)
		(cd "$dir" && go vet -vettool="$(tool findcall "$FINDCALL")" "$pattern") >/dev/null 2>&1 || true
		end=$(date +%s.%N)
		line+=", findcall $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}') s"
	fi
	echo "$line"
	summary+=("$line")
}

echo "realcode: $(go version), $(nproc) cores, work dir $WORK"
vet std "$ROOT" std
for mv in $MODULES; do
	mod=${mv%@*}
	dir=$(cd "$WORK" && go mod download -json "$mv" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	if [ -z "$dir" ] || [ ! -d "$dir" ]; then
		echo "$mv: could not be downloaded"
		failed=1
		continue
	fi
	need=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$dir/go.mod")
	# Fetch the module's own requirements (tests included) first, so the
	# timed run measures vetting, not downloading, and warm the build
	# cache with the export data go vet needs.
	(cd "$dir" && go mod download all) >/dev/null 2>&1 || true
	(cd "$dir" && go vet -vettool="$(tool findcall "$FINDCALL")" ./... ) >/dev/null 2>&1 || true
	echo "($mv: go $need, in $dir)"
	vet "$mv" "$dir" ./...
done

echo
echo "summary:"
printf '  %s\n' "${summary[@]}"
if [ $failed -ne 0 ]; then
	echo "realcode: FAILED"
	exit 1
fi
echo "realcode: ok: no panic, no diagnostic"
