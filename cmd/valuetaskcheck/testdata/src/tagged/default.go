//go:build !integration

package tagged

// Mode names the build: this file is left out with -tags integration
// (integration.go declares Mode then), as go build leaves it out.
func Mode() string { return "default" }
