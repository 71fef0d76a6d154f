package analyzer

// SetFactsEnabled switches cross-package facts on or off for a benchmark,
// and returns a function that restores the previous setting.
func SetFactsEnabled(on bool) (restore func()) {
	old := factsEnabled
	factsEnabled = on
	return func() { factsEnabled = old }
}
