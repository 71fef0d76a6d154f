package analyzer

import "slices"

// The diagnostic categories of ../shared/CONTRACT.md.
const (
	catDoubleAwait     = "double-await"
	catConcurrentAwait = "concurrent-await"
	catMissingAsTask   = "missing-astask"
	catUnconsumed      = "unconsumed"
	catUnguardedResult = "unguarded-result"
	catIgnoreDirective = "ignore-directive"
)

// docURL is where the categories are documented: the README, one section
// per category.
const docURL = "https://github.com/go-valuetask/valuetask#"

// A Category documents one diagnostic category, for the tools that present
// findings (the SARIF rules of valuetaskcheck -sarif, and each diagnostic's
// URL).
type Category struct {
	// ID is the category, as in analysis.Diagnostic.Category.
	ID string
	// Short is a one-line description, Full a paragraph.
	Short, Full string
	// Level is the SARIF level of its findings: "error" (a misuse that
	// can make a consumer see ErrConsumed or a lost result) or "warning"
	// (a likely mistake, or a directive to clean up).
	Level string
	// URL is the README section that explains the category.
	URL string
}

// categories is the one table of the categories, in the contract's order.
var categories = []Category{
	{
		ID:    catDoubleAwait,
		Short: "A ValueTask can be consumed twice in one execution.",
		Full: "The same ValueTask can be consumed twice in one execution: two consumptions on one path, " +
			"a consumption in a loop of a ValueTask made before the loop, or one before a go statement " +
			"whose goroutine consumes it again. A source-backed ValueTask gives the second consumer ErrConsumed. " +
			"Await once and keep the result, or call Preserve() (or AsTask()) to await many times.",
		Level: "error",
		URL:   docURL + catDoubleAwait,
	},
	{
		ID:    catConcurrentAwait,
		Short: "A ValueTask can be consumed by two goroutines at once.",
		Full: "A consumption inside a goroutine may overlap another consumption of the same ValueTask: " +
			"the other comes after the go statement, or is in another goroutine, or the go statement is in a loop. " +
			"Only one of the racing consumers gets the result. Use AsTask(), whose Task may be awaited by any number of goroutines.",
		Level: "error",
		URL:   docURL + catConcurrentAwait,
	},
	{
		ID:    catMissingAsTask,
		Short: "A ValueTask reaches WhenAll or WhenAny without AsTask().",
		Full: "A ValueTask reaches WhenAll or WhenAny as an Awaitable without AsTask(): as an argument, through a " +
			"variadic slice, an Awaitable variable or a function whose parameter reaches them. WhenAll consumes it " +
			"without saying so, WhenAny leaves the losers unconsumed. Pass AsTask() instead; the suggested fix inserts it.",
		Level: "warning",
		URL:   docURL + catMissingAsTask,
	},
	{
		ID:    catUnconsumed,
		Short: "The ValueTask result of a call is dropped.",
		Full: "The ValueTask result of a call is dropped: the call is an expression statement, assigned to _, " +
			"or run by go or defer. Nothing can consume it, so its result and error are lost and a pooled source " +
			"never goes back to its pool. Await it, or keep AsTask() to await it later.",
		Level: "warning",
		URL:   docURL + catUnconsumed,
	},
	{
		ID:    catUnguardedResult,
		Short: "Result() is called where the ValueTask is not known to be completed.",
		Full: "Result() is called where the ValueTask is not known to be completed. On a pending ValueTask it " +
			"returns ErrNotCompleted without waiting, which tests with instant results never hit. Check " +
			"IsCompleted() first, or use Await, which returns at once on a completed ValueTask.",
		Level: "warning",
		URL:   docURL + catUnguardedResult,
	},
	{
		ID:    catIgnoreDirective,
		Short: "A //valuetask:ignore directive gives no reason or silences nothing.",
		Full: "A //valuetask:ignore directive gives no reason, so it silences nothing, or it silenced no finding " +
			"of its categories on the lines it covers. Give the reason, or remove the directive.",
		Level: "warning",
		URL:   docURL + "suppressing-a-finding",
	},
}

// Categories returns the documentation of every diagnostic category, in
// the order of the contract.
func Categories() []Category { return slices.Clone(categories) }

// categoryURL returns the documentation of a category.
func categoryURL(id string) string {
	for _, c := range categories {
		if c.ID == id {
			return c.URL
		}
	}
	return docURL + "the-checks"
}

// isCategory reports whether id is one of the categories.
func isCategory(id string) bool {
	return slices.ContainsFunc(categories, func(c Category) bool { return c.ID == id })
}
