// Package golangci registers the valuetask analyzer as a golangci-lint v2
// module plugin under the linter name "valuetask".
//
// golangci-lint loads module plugins at build time: `golangci-lint custom`
// reads a .custom-gcl.yml that names this package, builds a golangci-lint
// binary that imports it, and the linter is then enabled in .golangci.yml:
//
//	# .custom-gcl.yml
//	version: v2.15.0
//	plugins:
//	  - module: github.com/go-valuetask/valuetask
//	    import: github.com/go-valuetask/valuetask/golangci
//	    version: latest
//
//	# .golangci.yml
//	version: "2"
//	linters:
//	  enable:
//	    - valuetask
//	  settings:
//	    custom:
//	      valuetask:
//	        type: module
//
// Ready-to-copy files are .custom-gcl.yml.example and .golangci.yml.example
// at the repository root; docs/delivery.md covers building the binary where
// github.com is not reachable (scripts/build-custom-gcl.sh).
//
// The linter takes no settings; any given under
// linters.settings.custom.valuetask.settings are rejected.
//
// The analyzer builds SSA and reads type information, so the plugin asks
// golangci-lint for the "typesinfo" load mode. Findings can be silenced
// with golangci-lint's nolint comments (nolint:valuetask) as well as with
// the analyzer's own valuetask:ignore directive, which needs a reason.
package golangci
