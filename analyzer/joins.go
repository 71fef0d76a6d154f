package analyzer

// The searches from a function's origins share the states they explore:
// a state one search explored is not explored again by the next. So a
// finding below a shared state is made once, by the first search to get
// there, though it is just as much a finding of every later origin whose
// paths reach that state. The fix of a finding must make each of those
// ValueTasks reusable, so report mode records how the paths meet: a graph
// with one node per explored state and per search's start, and an edge
// from each state a path walked to each state it went on to, explored
// before or not.

// stateGraph is that graph, by its predecessor lists. Its methods do
// nothing on a nil graph (summary mode).
type stateGraph struct {
	preds [][]int32
	roots []int32 // the start node of each search, in the order they ran
}

// add returns a new node.
func (g *stateGraph) add() int32 {
	if g == nil {
		return 0
	}
	g.preds = append(g.preds, nil)
	return int32(len(g.preds) - 1)
}

// root returns the start node of a new search.
func (g *stateGraph) root() int32 {
	if g == nil {
		return 0
	}
	n := g.add()
	g.roots = append(g.roots, n)
	return n
}

// link records that a path went on from state from to state to.
func (g *stateGraph) link(from, to int32) {
	if g == nil || from == to {
		return
	}
	if ps := g.preds[to]; len(ps) > 0 && ps[len(ps)-1] == from {
		return
	}
	g.preds[to] = append(g.preds[to], from)
}

// searchesReaching returns the indices (in run order) of the searches
// whose paths reach node n.
func (g *stateGraph) searchesReaching(n int32) []int {
	seen := make([]bool, len(g.preds))
	seen[n] = true
	stack := []int32{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range g.preds[x] {
			if !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	var out []int
	for i, r := range g.roots {
		if seen[r] {
			out = append(out, i)
		}
	}
	return out
}
