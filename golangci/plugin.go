package golangci

import (
	"fmt"

	"github.com/go-valuetask/valuetask/analyzer"
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

// LinterName is the name the linter is registered under, and the name to
// enable in .golangci.yml.
const LinterName = "valuetask"

func init() {
	register.Plugin(LinterName, New)
}

// Settings is the linter's configuration. It has no fields: the linter
// takes no settings, and unknown ones are rejected rather than ignored.
type Settings struct{}

// New returns the golangci-lint plugin of the valuetask analyzer. conf is
// what golangci-lint found under linters.settings.custom.valuetask.settings:
// nothing, or an empty mapping.
func New(conf any) (register.LinterPlugin, error) {
	if _, err := register.DecodeSettings[Settings](conf); err != nil {
		return nil, fmt.Errorf("%s: the linter takes no settings (linters.settings.custom.%s.settings must be empty): %w", LinterName, LinterName, err)
	}
	return plugin{}, nil
}

type plugin struct{}

// BuildAnalyzers returns the valuetask analyzer. golangci-lint runs the
// analyzers it requires (the facts that carry summaries across packages)
// itself.
func (plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.Analyzer}, nil
}

// GetLoadMode asks for type information: the analyzer builds SSA, which
// the syntax-only mode cannot give.
func (plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
