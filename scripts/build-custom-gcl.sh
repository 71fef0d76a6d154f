#!/usr/bin/env bash
# build-custom-gcl.sh builds a golangci-lint binary that includes the
# valuetask module plugin (package github.com/go-valuetask/valuetask/golangci),
# from this checkout, without reaching github.com.
#
# Usage:
#   scripts/build-custom-gcl.sh [OUTPUT]
#
# OUTPUT is the path of the binary to write; without it, $VALUETASK_GCL_OUT,
# else ./custom-gcl at the repository root.
#
# `golangci-lint custom` clones https://github.com/golangci/golangci-lint.git
# at the requested tag, adds the plugin imports, runs go mod tidy and builds.
# Where github.com cannot be reached (here, and on many CI runners behind a
# proxy) but a Go module proxy can, this script feeds that clone from the
# Go module proxy instead: it downloads the golangci-lint module source with
# `go mod download`, turns it into a local git repository tagged with the
# version, and runs the real `golangci-lint custom` with git's url.insteadOf
# pointing the github URL at that repository. Everything else comes from
# GOPROXY as usual.
#
# The configuration: when the current directory has a .custom-gcl.yml (or
# .custom-gcl.yaml, .custom-gcl.json), or VALUETASK_GCL_CONFIG names one,
# the script builds what it says, with every module plugin it lists, and
# takes the valuetask plugin from this checkout (adding it when the file
# has none); the golangci-lint version is the file's. Without one, it
# builds golangci-lint $GCL_VERSION with the valuetask plugin alone.
#
# Environment:
#   GCL_VERSION           golangci-lint version to build (default v2.15.0,
#                         or the version of the .custom-gcl.yml; the two
#                         must agree when both are given)
#   VALUETASK_GCL_CONFIG  the .custom-gcl.yml to build (default: the one of
#                         the current directory, if any)
#   GOLANGCI_LINT         an installed golangci-lint binary to run `custom`
#                         with; otherwise one is installed with `go install`
#                         into the work directory (about 3-5 minutes on 2 cores;
#                         faster once the Go build cache is warm)
#   VALUETASK_GCL_ROUTE   "custom" (default): the real `golangci-lint custom`
#                         with the git redirect; "build": no git at all, build
#                         cmd/golangci-lint from the module source with a file
#                         that imports the plugin and a replace directive
#   VALUETASK_GCL_WORKDIR keep the work files in this directory (default: a
#                         temporary directory, removed at exit)
#
# Requirements: go (1.26+ for this module), git (route "custom"), and a
# reachable GOPROXY (or a module cache that already holds golangci-lint and
# its dependencies).
set -euo pipefail

GCL_VERSION_ENV="${GCL_VERSION:-}"
ROUTE="${VALUETASK_GCL_ROUTE:-custom}"
GCL_MODULE="github.com/golangci/golangci-lint/v2"
PLUGIN_MODULE="github.com/go-valuetask/valuetask"
PLUGIN_IMPORT="github.com/go-valuetask/valuetask/golangci"
# The YAML package golangci-lint reads .custom-gcl.yml with (its go.mod's).
YAML_MODULE="go.yaml.in/yaml/v3@v3.0.5"

log() { printf 'build-custom-gcl: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
[[ -f "$repo_root/go.mod" && -d "$repo_root/golangci" ]] ||
	die "$repo_root does not look like the valuetask repository (no go.mod or golangci/)"

out="${1:-${VALUETASK_GCL_OUT:-$repo_root/custom-gcl}}"
mkdir -p "$(dirname "$out")"
out_dir="$(cd "$(dirname "$out")" && pwd)"
out_name="$(basename "$out")"
out="$out_dir/$out_name"

command -v go >/dev/null || die "go is not on PATH"

if [[ -n "${VALUETASK_GCL_WORKDIR:-}" ]]; then
	work="$VALUETASK_GCL_WORKDIR"
	mkdir -p "$work"
	work="$(cd "$work" && pwd)"
else
	work="$(mktemp -d "${TMPDIR:-/tmp}/custom-gcl-build.XXXXXX")"
	# Module cache files are read-only; make the copies removable.
	trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
fi

# Never pick up a go.work of the caller.
export GOWORK=off
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

start=$SECONDS

# The user's configuration, if any.
config="${VALUETASK_GCL_CONFIG:-}"
if [[ -z "$config" ]]; then
	for f in .custom-gcl.yml .custom-gcl.yaml .custom-gcl.json; do
		if [[ -f "$f" ]]; then
			config="$f"
			break
		fi
	done
fi
if [[ -n "$config" ]]; then
	[[ -f "$config" ]] || die "VALUETASK_GCL_CONFIG=$config: no such file"
	config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
fi

# config_tool runs scripts/custom-gcl-config.go on the configuration, in a
# module of its own that requires the YAML package.
config_tool() {
	local dir="$work/custom-gcl-config"
	if [[ ! -f "$dir/go.sum" ]]; then
		mkdir -p "$dir"
		cp "$script_dir/custom-gcl-config.go" "$dir/main.go"
		(cd "$dir" && go mod init custom-gcl-config 2>/dev/null && go get "$YAML_MODULE") >&2 ||
			die "cannot fetch $YAML_MODULE through GOPROXY=$(go env GOPROXY)"
	fi
	(cd "$dir" && go run main.go -config "$config" -checkout "$repo_root" "$@")
}

# build_lines: "version V", then "import PATH" per plugin package and
# "require MODULE@VERSION" or "replace MODULE=DIR" per plugin module.
if [[ -n "$config" ]]; then
	log "building the configuration $config"
	build_lines="$(config_tool -format build)"
	GCL_VERSION="$(sed -n 's/^version //p' <<<"$build_lines")"
	if [[ -n "$GCL_VERSION_ENV" && "$GCL_VERSION_ENV" != "$GCL_VERSION" ]]; then
		die "GCL_VERSION=$GCL_VERSION_ENV, but $config asks for golangci-lint $GCL_VERSION"
	fi
else
	GCL_VERSION="${GCL_VERSION_ENV:-v2.15.0}"
	build_lines="$(printf 'version %s\nimport %s\nreplace %s=%s\n' "$GCL_VERSION" "$PLUGIN_IMPORT" "$PLUGIN_MODULE" "$repo_root")"
fi

# The golangci-lint module source, from the Go module proxy.
log "downloading $GCL_MODULE@$GCL_VERSION through GOPROXY=$(go env GOPROXY)"
src="$(cd "$work" && go mod download -json "$GCL_MODULE@$GCL_VERSION" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
[[ -n "$src" && -f "$src/go.mod" ]] || die "go mod download gave no source directory for $GCL_MODULE@$GCL_VERSION"
log "module source: $src"

case "$ROUTE" in
custom)
	command -v git >/dev/null || die "git is not on PATH (needed by golangci-lint custom)"

	if [[ -n "${GOLANGCI_LINT:-}" ]]; then
		gcl="$GOLANGCI_LINT"
	else
		log "installing golangci-lint $GCL_VERSION with go install"
		t=$SECONDS
		GOBIN="$work/bin" go install "$GCL_MODULE/cmd/golangci-lint@$GCL_VERSION"
		gcl="$work/bin/golangci-lint"
		log "installed golangci-lint in $((SECONDS - t))s"
	fi
	"$gcl" version >&2

	# A local git repository with the module source, tagged like upstream.
	mirror="$work/golangci-lint.git"
	rm -rf "$mirror"
	mkdir -p "$mirror"
	cp -R "$src/." "$mirror/"
	chmod -R u+w "$mirror"
	(
		cd "$mirror"
		git init -q
		git add -A -f
		git -c user.name=build-custom-gcl -c user.email=build-custom-gcl@localhost \
			-c commit.gpgsign=false -c core.hooksPath=/dev/null \
			commit -q -m "golangci-lint $GCL_VERSION (Go module source)"
		git -c tag.gpgsign=false tag "$GCL_VERSION"
	)
	log "local golangci-lint repository: $mirror (tag $GCL_VERSION)"

	# The configuration `golangci-lint custom` reads from its working directory.
	build="$work/build"
	mkdir -p "$build"
	if [[ -n "$config" ]]; then
		config_tool -name "$out_name" -destination "$out_dir" -format yaml >"$build/.custom-gcl.yml"
	else
		cat >"$build/.custom-gcl.yml" <<EOF
version: $GCL_VERSION
name: $out_name
destination: $out_dir
plugins:
  - module: $PLUGIN_MODULE
    import: $PLUGIN_IMPORT
    path: $repo_root
EOF
	fi
	log "using $build/.custom-gcl.yml:"
	sed 's/^/    /' "$build/.custom-gcl.yml" >&2

	# Redirect the clone of github.com/golangci/golangci-lint.git to the local
	# repository, adding to any GIT_CONFIG_* entries the caller has.
	# golangci-lint passes GIT_CONFIG_COUNT/KEY_n/VALUE_n through to git.
	n="${GIT_CONFIG_COUNT:-0}"
	export "GIT_CONFIG_KEY_$n=url.file://$mirror.insteadOf"
	export "GIT_CONFIG_VALUE_$n=https://github.com/golangci/golangci-lint.git"
	export GIT_CONFIG_COUNT=$((n + 1))

	log "running golangci-lint custom"
	t=$SECONDS
	(cd "$build" && "$gcl" custom -v)
	log "golangci-lint custom took $((SECONDS - t))s"
	;;
build)
	# No git and no `custom`: build cmd/golangci-lint from the module source
	# with one more file that imports the plugins.
	tree="$work/golangci-lint"
	rm -rf "$tree"
	mkdir -p "$tree"
	cp -R "$src/." "$tree/"
	chmod -R u+w "$tree"
	{
		printf 'package main\n\n// The module plugins, registered with plugin-module-register.\nimport (\n'
		sed -n 's/^import \(.*\)$/\t_ "\1"/p' <<<"$build_lines"
		printf ')\n'
	} >"$tree/cmd/golangci-lint/plugin_modules.go"
	(
		cd "$tree"
		while read -r kind value; do
			case "$kind" in
			replace) go mod edit -require="${value%%=*}@v0.0.0" -replace="$value" ;;
			require) go get "$value" ;;
			esac
		done <<<"$build_lines"
		go mod tidy
		log "building cmd/golangci-lint"
		t=$SECONDS
		go build \
			-ldflags "-s -w -X 'main.version=${GCL_VERSION#v}-valuetask' -X 'main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)'" \
			-o "$out" ./cmd/golangci-lint
		log "go build took $((SECONDS - t))s"
	)
	;;
*)
	die "VALUETASK_GCL_ROUTE must be custom or build, not $ROUTE"
	;;
esac

[[ -x "$out" ]] || die "no binary at $out"
"$out" version >&2
log "built $out in $((SECONDS - start))s"
