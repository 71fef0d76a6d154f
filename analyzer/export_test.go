package analyzer

// SetFactsEnabled switches cross-package facts on or off for a benchmark,
// and returns a function that restores the previous setting.
func SetFactsEnabled(on bool) (restore func()) {
	old := factsEnabled
	factsEnabled = on
	return func() { factsEnabled = old }
}

// SetTrace sets the search trace for a debugging test.
func SetTrace(f func(format string, args ...any)) { trace = f }

// Summaries is the analyzer that computes and exports the summaries, for
// tests of its facts.
var Summaries = summariesAnalyzer
