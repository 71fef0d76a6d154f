package golangci_test

import (
	"strings"
	"testing"

	"github.com/go-valuetask/valuetask/analyzer"
	"github.com/go-valuetask/valuetask/golangci"
	"github.com/golangci/plugin-module-register/register"
)

func TestNew(t *testing.T) {
	// golangci-lint passes nil when the configuration has no settings key,
	// and an empty mapping for `settings: {}`.
	for _, conf := range []any{nil, map[string]any{}} {
		p, err := golangci.New(conf)
		if err != nil {
			t.Fatalf("New(%#v): %v", conf, err)
		}
		if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
			t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatalf("BuildAnalyzers: %v", err)
		}
		if len(as) != 1 || as[0] != analyzer.Analyzer {
			t.Fatalf("BuildAnalyzers() = %v, want [analyzer.Analyzer]", as)
		}
		if as[0].Name != "valuetask" {
			t.Errorf("analyzer name = %q, want valuetask", as[0].Name)
		}
	}
}

func TestNewRejectsSettings(t *testing.T) {
	for _, conf := range []any{
		map[string]any{"strict": true},
		"strict",
		[]any{1},
	} {
		p, err := golangci.New(conf)
		if err == nil {
			t.Errorf("New(%#v) = %v, nil; want an error", conf, p)
			continue
		}
		if !strings.Contains(err.Error(), "takes no settings") {
			t.Errorf("New(%#v) error = %q; want it to say the linter takes no settings", conf, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(golangci.LinterName)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if as, _ := p.BuildAnalyzers(); len(as) != 1 || as[0] != analyzer.Analyzer {
		t.Fatalf("registered plugin builds %v, want [analyzer.Analyzer]", as)
	}
}
