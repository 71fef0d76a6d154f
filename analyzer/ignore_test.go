package analyzer

import (
	"go/ast"
	"slices"
	"strings"
	"testing"
)

func TestParseDirective(t *testing.T) {
	for _, tc := range []struct {
		text       string
		directive  bool
		categories []string
		reason     bool
	}{
		{"//valuetask:ignore the source is never pooled", true, nil, true},
		{"//valuetask:ignore\tthe source is never pooled", true, nil, true},
		{"//valuetask:ignore", true, nil, false},
		{"//valuetask:ignore   ", true, nil, false},
		{"//valuetask:ignore // TODO", true, nil, false},
		{"//valuetask:ignore double-await", true, []string{"double-await"}, false},
		{"//valuetask:ignore double-await FromResult values hold no source", true, []string{"double-await"}, true},
		{"//valuetask:ignore double-await,concurrent-await why", true, []string{"double-await", "concurrent-await"}, true},
		{"//valuetask:ignore unconsumed,unguarded-result,missing-astask,ignore-directive why", true,
			[]string{"unconsumed", "unguarded-result", "missing-astask", "ignore-directive"}, true},
		// A first word with an item that is no category is part of the reason.
		{"//valuetask:ignore double-await,typo why", true, nil, true},
		{"//valuetask:ignore double-await, why", true, nil, true},
		{"//valuetask:ignore Double-Await why", true, nil, true},
		{"//valuetask:ignore double-await-ish", true, nil, true},
		// Not directives.
		{"//valuetask:ignored why", false, nil, false},
		{"//valuetask:ignore-all why", false, nil, false},
		{"// valuetask:ignore why", false, nil, false},
		{"/* valuetask:ignore why */", false, nil, false},
		{"//nolint:valuetask why", false, nil, false},
	} {
		d := parseDirective(&ast.Comment{Text: tc.text})
		if (d != nil) != tc.directive {
			t.Errorf("%q: directive = %v, want %v", tc.text, d != nil, tc.directive)
			continue
		}
		if d == nil {
			continue
		}
		if !slices.Equal(d.categories, tc.categories) || d.hasReason != tc.reason {
			t.Errorf("%q: categories %q, reason %v; want %q, %v", tc.text, d.categories, d.hasReason, tc.categories, tc.reason)
		}
	}
}

// TestCategories checks the one table of categories: every category the
// analyzer reports is in it, once, documented, with a SARIF level and a
// README anchor.
func TestCategories(t *testing.T) {
	want := []string{catDoubleAwait, catConcurrentAwait, catMissingAsTask, catUnconsumed, catUnguardedResult, catIgnoreDirective}
	var got []string
	for _, c := range Categories() {
		got = append(got, c.ID)
		if c.Short == "" || c.Full == "" {
			t.Errorf("%s: no description", c.ID)
		}
		if !strings.HasSuffix(c.Short, ".") || !strings.HasSuffix(c.Full, ".") {
			t.Errorf("%s: descriptions must be sentences", c.ID)
		}
		switch c.Level {
		case "error", "warning", "note":
		default:
			t.Errorf("%s: SARIF level %q, want error, warning or note", c.ID, c.Level)
		}
		if !strings.HasPrefix(c.URL, docURL) || len(c.URL) == len(docURL) {
			t.Errorf("%s: URL %q is not a section of %s", c.ID, c.URL, docURL)
		}
		if categoryURL(c.ID) != c.URL {
			t.Errorf("%s: categoryURL = %q, want %q", c.ID, categoryURL(c.ID), c.URL)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("categories %q, want %q", got, want)
	}
	// Categories returns a copy.
	Categories()[0].ID = "changed"
	if Categories()[0].ID != catDoubleAwait {
		t.Errorf("Categories() shares its table with the caller")
	}
}
