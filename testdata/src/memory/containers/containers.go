// Package containers follows ValueTasks through maps, slices, arrays and
// channels: m[k] names the entry of key k, xs[i] the element of index i,
// and copies, re-slices, append, copy and clones carry the ValueTasks in
// them.
package containers

import (
	"context"
	"maps"
	"slices"

	"github.com/go-valuetask/valuetask/valuetask"
)

type VT = valuetask.ValueTask[int]

func get() VT { return valuetask.FromTask(valuetask.Completed(1)) }

func key() string { return "k" }

// ---- maps ----

func mapSameConstKey(ctx context.Context) {
	m := map[string]VT{}
	m["a"] = get()
	m["a"].Await(ctx)
	m["a"].Await(ctx) // want `double await of m\["a"\]: Await\(\), after Await\(\)`
}

func mapStoredThenDirect(ctx context.Context) {
	v := get()
	m := make(map[string]VT)
	m["a"] = v
	m["a"].Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func mapSameKeyValue(ctx context.Context, m map[string]VT, k string) {
	m[k].Await(ctx)
	m[k].AsTask() // want `double await of m\[k\]`
}

func mapCommaOk(ctx context.Context, m map[string]VT) {
	if v, ok := m["x"]; ok {
		v.Await(ctx)
	}
	m["x"].Await(ctx) // want `double await of m\["x"\]`
}

func mapLiteral(ctx context.Context) {
	v := get()
	m := map[int]VT{1: v}
	m[1].Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func mapEntryCopied(ctx context.Context, m map[string]VT) {
	e := m["a"]
	e.Await(ctx)
	m["a"].Await(ctx) // want `double await of m\["a"\]`
}

func mapRangeThenEntry(ctx context.Context) {
	m := map[string]VT{"a": get()}
	for _, v := range m {
		v.Await(ctx)
	}
	m["a"].Await(ctx) // want `double await of m\["a"\]`
}

func mapRangeTwice(ctx context.Context, m map[string]VT) {
	for _, v := range m {
		v.Await(ctx)
	}
	for _, v := range m {
		v.Await(ctx) // want `double await of v`
	}
}

func mapRangeByKey(ctx context.Context, m map[string]VT) {
	for k := range m {
		m[k].Await(ctx)
		m[k].Await(ctx) // want `double await of m\[k\]`
	}
}

func mapCloned(ctx context.Context, m map[string]VT) {
	c := maps.Clone(m)
	c["a"].Await(ctx)
	m["a"].Await(ctx) // want `double await of m\["a"\]`
}

// ---- slices and arrays ----

func sliceSameVariableIndex(ctx context.Context, xs []VT, i int) {
	xs[i].Await(ctx)
	xs[i].Await(ctx) // want `double await of xs\[i\]`
}

func sliceConstIndex(ctx context.Context, xs []VT) {
	xs[2].Await(ctx)
	xs[2].AsTask() // want `double await of xs\[2\]`
}

func sliceRangeThenIndex(ctx context.Context, xs []VT) {
	for _, x := range xs {
		x.Await(ctx)
	}
	xs[0].Await(ctx) // want `double await of xs\[0\]`
}

func sliceIndexThenRange(ctx context.Context, xs []VT, i int) {
	xs[i].Await(ctx)
	for _, x := range xs {
		x.Await(ctx) // want `double await of x`
	}
}

func sliceRangeTwice(ctx context.Context, xs []VT) {
	for i := range xs {
		xs[i].Await(ctx)
	}
	for _, x := range xs {
		x.Await(ctx) // want `double await of x`
	}
}

func sliceRangeTwiceInOneIteration(ctx context.Context, xs []VT) {
	for _, x := range xs {
		x.Await(ctx)
		x.AsTask() // want `double await of x`
	}
}

func sliceRangeInLoop(ctx context.Context, xs []VT) {
	for j := 0; j < 2; j++ {
		for _, x := range xs {
			x.Await(ctx) // want `double await of x`
		}
	}
}

func literalRange(ctx context.Context) {
	v := get()
	xs := []VT{v}
	for _, x := range xs {
		x.Await(ctx)
	}
	v.Await(ctx) // want `double await of v`
}

func appended(ctx context.Context) {
	v := get()
	var xs []VT
	xs = append(xs, v)
	xs[0].Await(ctx)
	v.Await(ctx) // want `double await of v`
}

func appendSharesElements(ctx context.Context, xs []VT) {
	ys := append(xs, get())
	ys[0].Await(ctx)
	xs[0].Await(ctx) // want `double await of xs\[0\]`
}

func appendedAfterOthers(ctx context.Context) {
	a, b := get(), get()
	xs := []VT{a}
	xs = append(xs, b)
	xs[1].Await(ctx)
	b.Await(ctx) // want `double await of b`
}

func resliced(ctx context.Context, xs []VT) {
	ys := xs[1:]
	ys[0].Await(ctx)
	xs[1].Await(ctx) // want `double await of xs\[1\]`
}

func reslicedWhole(ctx context.Context, xs []VT, i int) {
	ys := xs[:]
	ys[i].Await(ctx)
	xs[i].Await(ctx) // want `double await of xs\[i\]`
}

func copied(ctx context.Context, src []VT) {
	dst := make([]VT, 2)
	copy(dst, src)
	dst[0].Await(ctx)
	src[0].Await(ctx) // want `double await of src\[0\]`
}

func cloned(ctx context.Context, xs []VT) {
	ys := slices.Clone(xs)
	ys[1].Await(ctx)
	xs[1].Await(ctx) // want `double await of xs\[1\]`
}

func clonedByAppend(ctx context.Context, xs []VT) {
	ys := append([]VT(nil), xs...)
	ys[0].Await(ctx)
	xs[0].Await(ctx) // want `double await of xs\[0\]`
}

func arrayCopied(ctx context.Context) {
	var a1 [2]VT
	a1[0] = get()
	a2 := a1
	a1[0].Await(ctx)
	a2[0].Await(ctx) // want `double await of a2\[0\]`
}

func arrayRange(ctx context.Context, a [3]VT) {
	for _, x := range a {
		x.Await(ctx)
	}
	a[1].Await(ctx) // want `double await of a\[1\]`
}

func nestedContainers(ctx context.Context, m map[string][]VT) {
	m["a"][0].Await(ctx)
	m["a"][0].Await(ctx) // want `double await of m\["a"\]\[0\]`
}

// ---- channels ----

func sendThenAwait(ctx context.Context, ch chan VT) {
	v := get()
	ch <- v
	v.Await(ctx) // want `double await of v: Await\(\), after the send on a channel`
}

func selectSend(ctx context.Context, ch chan VT) {
	v := get()
	select {
	case ch <- v:
		v.Await(ctx) // want `double await of v`
	default:
	}
}

// ---- negatives ----

func mapDifferentConstKeys(ctx context.Context) {
	m := map[string]VT{"a": get(), "b": get()}
	m["a"].Await(ctx)
	m["b"].Await(ctx)
}

func mapDifferentKeyValues(ctx context.Context, m map[string]VT, a, b string) {
	m[a].Await(ctx)
	m[b].Await(ctx) // a may differ from b: not reported
}

func mapKeyChanges(ctx context.Context, m map[string]VT) {
	k := key()
	m[k].Await(ctx)
	k = key()
	m[k].Await(ctx)
}

func mapReplaced(ctx context.Context, m map[string]VT) {
	m["a"].Await(ctx)
	m["a"] = get()
	m["a"].Await(ctx)
}

func mapDeleted(ctx context.Context, m map[string]VT) {
	m["a"].Await(ctx)
	delete(m, "a")
	m["a"].Await(ctx)
}

func mapRangeOnce(ctx context.Context, m map[string]VT) {
	for k, v := range m {
		if k != "" {
			v.Await(ctx)
		} else {
			v.AsTask()
		}
	}
}

func sliceDifferentConstIndexes(ctx context.Context, xs []VT) {
	xs[0].Await(ctx)
	xs[1].Await(ctx)
}

func sliceDifferentVariableIndexes(ctx context.Context, xs []VT, i, j int) {
	xs[i].Await(ctx)
	xs[j].Await(ctx)
}

func sliceRangeOnce(ctx context.Context, xs []VT) {
	for i, x := range xs {
		if i%2 == 0 {
			x.Await(ctx)
		} else {
			xs[i].AsTask()
		}
	}
}

func sliceElementReplaced(ctx context.Context, xs []VT, i int) {
	xs[i].Await(ctx)
	xs[i] = get()
	xs[i].Await(ctx)
}

func sliceUnknownStoreForgets(ctx context.Context, xs []VT, i int) {
	xs[0].Await(ctx)
	xs[i] = get() // may be xs[0]
	xs[0].Await(ctx)
}

func reslicedOffset(ctx context.Context, xs []VT) {
	ys := xs[1:]
	ys[0].Await(ctx)
	xs[0].Await(ctx)
}

func copyOverwrites(ctx context.Context, dst, src []VT) {
	dst[0].Await(ctx)
	copy(dst, src)
	dst[0].Await(ctx)
}

func eachElementOnce(ctx context.Context) {
	xs := []VT{get(), get()}
	for _, x := range xs {
		x.Await(ctx)
	}
}

func newSliceEachIteration(ctx context.Context) {
	for i := 0; i < 2; i++ {
		xs := []VT{get()}
		xs[0].Await(ctx)
	}
}

func receivedEachTime(ctx context.Context, ch chan VT) {
	for v := range ch {
		v.Await(ctx)
	}
	x := <-ch
	x.Await(ctx)
	y := <-ch
	y.Await(ctx)
}

func selectOtherCase(ctx context.Context, ch chan VT, done chan struct{}) {
	v := get()
	select {
	case ch <- v:
	case <-done:
		v.Await(ctx)
	}
}

// ---- references kept in containers ----

func mapOfSlices(ctx context.Context) {
	w := get()
	m := map[string][]VT{}
	m["a"] = []VT{get(), w}
	m["a"][0].Await(ctx)
	m["a"][1].Await(ctx)
	w.Await(ctx) // want `double await of w`
}

type cell struct{ v VT }

func mapOfPointers(ctx context.Context) {
	var c cell
	c.v = get()
	m := map[string]*cell{"a": &c}
	m["a"].v.Await(ctx)
	c.v.Await(ctx) // want `double await of c.v`
}

func mapOfPointersVariableKey(ctx context.Context, k string) {
	var c cell
	c.v = get()
	m := map[string]*cell{}
	m[k] = &c
	m[k].v.AsTask()
	c.v.Await(ctx) // want `double await of c.v`
}

func mapOfPointersOtherKey(ctx context.Context) {
	var c, d cell
	c.v, d.v = get(), get()
	m := map[string]*cell{"a": &c, "b": &d}
	m["b"].v.Await(ctx)
	c.v.Await(ctx)
}

func mapOfPointersRestored(ctx context.Context) {
	var c, d cell
	c.v, d.v = get(), get()
	m := map[string]*cell{"a": &c}
	m["a"] = &d // two updates of the entry: which one is there is not followed
	m["a"].v.Await(ctx)
	c.v.Await(ctx)
}

func mapOfSlicesPassedOn(ctx context.Context, keep func(map[string][]VT)) {
	w := get()
	m := map[string][]VT{}
	m["a"] = []VT{w}
	keep(m) // someone else may replace m["a"]
	m["a"][0].Await(ctx)
	w.AsTask()
}

// ---- memory a call returned ----

func collect(n int) []VT {
	var out []VT
	for i := 0; i < n; i++ {
		out = append(out, get())
	}
	return out
}

func awaitAll(ctx context.Context, vs []VT) {
	for _, v := range vs {
		v.Await(ctx)
	}
}

// firstReady consumes one element: a ready one, or else the first.
func firstReady(ctx context.Context, vs []VT) (int, error) {
	for _, v := range vs {
		if v.IsCompleted() {
			return v.Result()
		}
	}
	return vs[0].Await(ctx)
}

func returnedAwaitedTwice(ctx context.Context) {
	vs := collect(3)
	awaitAll(ctx, vs)
	awaitAll(ctx, vs) // want `double await of vs\[…\]: awaitAll\(ctx, vs\), after awaitAll\(ctx, vs\) at containers.go:\d+, which awaits it at containers.go:\d+`
}

func returnedAwaitedThenIndexed(ctx context.Context) {
	vs := collect(3)
	awaitAll(ctx, vs)
	vs[1].Await(ctx) // want `double await of vs\[1\]`
}

func returnedAwaitedOnce(ctx context.Context) {
	vs := collect(3)
	awaitAll(ctx, vs)
}

func returnedRenewed(ctx context.Context) {
	vs := collect(3)
	awaitAll(ctx, vs)
	vs = collect(2)
	awaitAll(ctx, vs)
}

func returnedOverlappingPaths(ctx context.Context) (int, error) {
	return firstReady(ctx, collect(2)) // its paths xs[each] and xs[0] are one use
}

func paramOverlappingPaths(ctx context.Context, vs []VT) (int, error) {
	return firstReady(ctx, vs)
}

// ---- an index or key held in a captured variable ----
// A variable a literal captures is read from memory each time; one that
// is assigned once still names one element however often it is read.

func capturedIndexInLiteral(ctx context.Context, n int) {
	xs := make([]VT, 3)
	i := n % 3
	f := func() {
		xs[i] = get()
		xs[i].Await(ctx)
		for _, y := range xs {
			y.Await(ctx) // want `double await of y: Await\(\), after Await\(\) at containers.go:\d+`
		}
	}
	f()
}

func capturedIndexInParent(ctx context.Context, xs []VT, n int) {
	i := n % 3
	defer func() { _ = i }()
	xs[i].Await(ctx)
	xs[i].Await(ctx) // want `double await of xs\[i\]: Await\(\), after Await\(\) at containers.go:\d+`
}

func capturedParameterIndexInGoroutine(ctx context.Context, n int) {
	xs := make([]VT, 3)
	done := make(chan struct{})
	go func() {
		defer close(done)
		xs[n] = get()
		xs[n].Await(ctx)
		xs[n].AsTask() // want `double await of xs\[n\]: AsTask\(\), after Await\(\) at containers.go:\d+`
	}()
	<-done
}

func capturedKeyInLiteral(ctx context.Context, k string) {
	m := map[string]VT{}
	f := func() {
		m[k] = get()
		m[k].Await(ctx)
		m[k].Await(ctx) // want `double await of m\[k\]: Await\(\), after Await\(\) at containers.go:\d+`
	}
	f()
}

func capturedIndexChangedBetween(ctx context.Context, xs []VT, n int) {
	i := n % 3
	f := func() { i = (i + 1) % 3 }
	xs[i].Await(ctx)
	f()
	xs[i].Await(ctx)
}

func capturedIndexChangedByLiteral(ctx context.Context, n int) {
	xs := make([]VT, 3)
	i := n % 3
	f := func() {
		xs[i] = get()
		xs[i].Await(ctx)
		i = (i + 1) % 3
		xs[i].Await(ctx)
	}
	f()
}

func capturedIndexAssignedInLoop(ctx context.Context, xs []VT) {
	var i int
	f := func() { _ = i }
	for k := range 3 {
		i = k
		xs[i].Await(ctx)
	}
	f()
}

func capturedIndexPerIteration(ctx context.Context, xs []VT) {
	for k := range 3 {
		i := k
		f := func() { xs[i].Await(ctx) }
		f()
	}
}

// ---- nested range loops ----
// An element is the indexes of all the loops: once an outer loop moves on,
// an inner loop that starts over visits another row.

func nestedRangeRows(ctx context.Context, g [][]VT) {
	for _, row := range g {
		for _, v := range row {
			v.Await(ctx)
		}
	}
}

func nestedRangeByIndex(ctx context.Context, g [][]VT) {
	for i := range g {
		for j := range g[i] {
			g[i][j].Await(ctx)
		}
	}
}

func nestedRangeThreeLevels(ctx context.Context, g [][][]VT) {
	for _, plane := range g {
		for _, row := range plane {
			for _, v := range row {
				v.Await(ctx)
			}
		}
	}
}

func nestedRangeMapOfRows(ctx context.Context, g map[string][]VT) {
	for _, row := range g {
		for _, v := range row {
			v.AsTask()
		}
	}
}

func nestedRangeLocalGrid(ctx context.Context) {
	g := [][]VT{{get(), get()}, {get()}}
	for i := range g {
		for j := range g[i] {
			g[i][j].Await(ctx)
		}
	}
}

func nestedRangeCellTwice(ctx context.Context, g [][]VT) {
	for i := range g {
		for j := range g[i] {
			g[i][j].Await(ctx)
			g[i][j].Await(ctx) // want `double await of g\[i\]\[j\]: Await\(\), after Await\(\) at containers.go:\d+`
		}
	}
}

func nestedRangeRowTwice(ctx context.Context, g [][]VT) {
	for _, row := range g {
		for _, v := range row {
			v.Await(ctx)
		}
		for _, v := range row {
			v.Await(ctx) // want `double await of v: Await\(\), after Await\(\) at containers.go:\d+`
		}
	}
}

func nestedRangeRowAgainInLoop(ctx context.Context, g [][]VT) {
	for _, row := range g {
		for k := 0; k < 2; k++ {
			for _, v := range row {
				v.Await(ctx) // want `double await of v: Await\(\) runs on every iteration of a loop`
			}
		}
	}
}

func nestedRangeGridAgain(ctx context.Context, g [][]VT) {
	for k := 0; k < 2; k++ {
		for _, row := range g {
			for _, v := range row {
				v.Await(ctx) // want `double await of v: Await\(\) runs on every iteration of a loop`
			}
		}
	}
}

func nestedRangeGridTwice(ctx context.Context, g [][]VT) {
	for i := range g {
		for j := range g[i] {
			g[i][j].Await(ctx)
		}
	}
	for i := range g {
		for j := range g[i] {
			g[i][j].Await(ctx) // want `double await of g\[i\]\[j\]: Await\(\), after Await\(\) at containers.go:\d+`
		}
	}
}
