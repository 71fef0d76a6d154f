package gen

// Unit templates. $N is the unit's number (unique in its package), $D. a
// dependency's qualifier (empty when the package has none: every package
// defines the same helpers), $P the package name, $K a small constant.

// baseUnit is in every package: a source-backed connection and the
// exported helpers other packages call.
const baseUnit = `
// Conn is a connection whose reads complete through a reusable source.
type Conn struct {
	mu    sync.Mutex
	core  valuetask.SourceCore[int]
	reads int
	cache map[int]int
}

// NewConn returns a ready Conn.
func NewConn() *Conn { return &Conn{cache: make(map[int]int)} }

// Read starts a read of key k. Cached keys complete at once.
func (c *Conn) Read(k int) valuetask.ValueTask[int] {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	if v, ok := c.cache[k]; ok {
		return valuetask.FromResult(v)
	}
	if k < 0 {
		return valuetask.FromError[int](fmt.Errorf("$P: bad key %d", k))
	}
	c.core.Reset()
	tok := c.core.Version()
	go c.complete(k)
	return valuetask.FromSource(&c.core, tok)
}

func (c *Conn) complete(k int) {
	c.mu.Lock()
	c.cache[k] = k * 7
	c.mu.Unlock()
	c.core.SetResult(k * 7)
}

// Fetch runs a read on its own goroutine.
func (c *Conn) Fetch(ctx context.Context, k int) valuetask.ValueTask[int] {
	if k%5 == 0 {
		return valuetask.FromResult(k)
	}
	t := valuetask.Run(ctx, func(ctx context.Context) (int, error) {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		return k * 3, nil
	})
	return valuetask.FromTask(t)
}

// Drain awaits v and adds its result to *acc.
func Drain(ctx context.Context, v valuetask.ValueTask[int], acc *int) error {
	x, err := v.Await(ctx)
	if err != nil {
		return fmt.Errorf("$P: drain: %w", err)
	}
	*acc += x
	return nil
}

// Ready reports whether v has completed successfully. It does not consume v.
func Ready(v valuetask.ValueTask[int]) bool {
	return v.IsCompleted() && !v.IsFaulted() && !v.IsCanceled()
}

// Value returns v's result, without blocking when it is already there.
func Value(ctx context.Context, v valuetask.ValueTask[int]) (int, error) {
	if v.IsCompleted() {
		return v.Result()
	}
	return v.Await(ctx)
}

// Collect awaits the ValueTasks one after another.
func Collect(ctx context.Context, vs ...valuetask.ValueTask[int]) ([]int, error) {
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		x, err := v.Await(ctx)
		if err != nil {
			return out, err
		}
		out = append(out, x)
	}
	return out, nil
}

// Join awaits the ValueTasks together.
func Join(ctx context.Context, vs ...valuetask.ValueTask[int]) ([]int, error) {
	ts := make([]valuetask.Awaitable[int], len(vs))
	for i, v := range vs {
		ts[i] = v.AsTask()
	}
	return valuetask.WhenAll(ts...).Await(ctx)
}

// Then maps v's result through f.
func Then[T, U any](ctx context.Context, v valuetask.ValueTask[T], f func(T) U) valuetask.ValueTask[U] {
	if v.IsCompletedSuccessfully() {
		x, err := v.Result()
		if err != nil {
			return valuetask.FromError[U](err)
		}
		return valuetask.FromResult(f(x))
	}
	t := valuetask.Run(ctx, func(ctx context.Context) (U, error) {
		x, err := v.Await(ctx)
		if err != nil {
			var zero U
			return zero, err
		}
		return f(x), nil
	})
	return valuetask.FromTask(t)
}
`

// localUnits use this package's own Conn and helpers.
var localUnits = []string{
	// A loop that makes and consumes one ValueTask per iteration.
	`
// Sum$N reads n keys one after another.
func Sum$N(ctx context.Context, c *Conn, n int) (int, error) {
	total := 0
	for i := 0; i < n; i++ {
		v := c.Read(i)
		if Ready(v) {
			total++
		}
		x, err := v.Await(ctx)
		if err != nil {
			return total, fmt.Errorf("sum$N: key %d: %w", i, err)
		}
		total += x
	}
	return total, nil
}
`,
	// A switch whose cases consume in different ways.
	`
// Pick$N reads k and consumes the result one way or another.
func Pick$N(ctx context.Context, c *Conn, mode, k int) (int, error) {
	v := c.Read(k)
	switch mode % 4 {
	case 0:
		return v.Await(ctx)
	case 1:
		return Value(ctx, v)
	case 2:
		t := v.AsTask()
		return t.Await(ctx)
	default:
		var acc int
		if err := Drain(ctx, v, &acc); err != nil {
			return 0, err
		}
		return acc, nil
	}
}
`,
	// A guarded fast path with an early return.
	`
// Fast$N takes the synchronous result when there is one.
func Fast$N(ctx context.Context, c *Conn, k int) (int, error) {
	v := c.Read(k)
	if !v.IsCompleted() {
		return v.Await(ctx)
	}
	x, err := v.Result()
	if err != nil {
		return 0, fmt.Errorf("fast$N: %w", err)
	}
	return x + $K, nil
}
`,
	// Closures called many times, each making its own ValueTask, and one
	// capturing a ValueTask, called once.
	`
// Closures$N reads keys through closures.
func Closures$N(ctx context.Context, c *Conn, keys []int) (int, error) {
	get := func(k int) (int, error) {
		return c.Read(k).Await(ctx)
	}
	total := 0
	for _, k := range keys {
		x, err := get(k)
		if err != nil {
			return 0, err
		}
		total += x
	}
	v := c.Read(len(keys))
	finish := func() (int, error) { return v.Await(ctx) }
	x, err := finish()
	return total + x, err
}
`,
	// Goroutines with a WaitGroup, each given its own ValueTask.
	`
// Parallel$N awaits n reads on n goroutines.
func Parallel$N(ctx context.Context, c *Conn, n int) ([]int, error) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	out := make([]int, n)
	for i := 0; i < n; i++ {
		v := c.Read(i)
		wg.Add(1)
		go func(i int, v valuetask.ValueTask[int]) {
			defer wg.Done()
			x, err := v.Await(ctx)
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				return
			}
			out[i] = x
		}(i, v)
	}
	wg.Wait()
	return out, firstErr
}
`,
	// Goroutines started by WaitGroup.Go on closures that capture the
	// per-iteration ValueTask.
	`
// Fanout$N sums reads made on fresh connections, one goroutine each.
func Fanout$N(ctx context.Context, keys []int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for _, k := range keys {
		v := NewConn().Read(k)
		wg.Go(func() {
			x, err := v.Await(ctx)
			if err != nil {
				return
			}
			mu.Lock()
			sum += x
			mu.Unlock()
		})
	}
	wg.Wait()
	return sum
}
`,
	// WhenAll and WhenAny over AsTask results.
	`
// All$N waits for many reads at once.
func All$N(ctx context.Context, c *Conn, n int) (int, error) {
	tasks := make([]valuetask.Awaitable[int], 0, n)
	for i := 0; i < n; i++ {
		tasks = append(tasks, c.Read(i).AsTask())
	}
	xs, err := valuetask.WhenAll(tasks...).Await(ctx)
	if err != nil {
		return 0, err
	}
	sum := 0
	for _, x := range xs {
		sum += x
	}
	a, b := c.Read(1), c.Fetch(ctx, 2)
	pair, err := valuetask.WhenAll[int](a.AsTask(), b.AsTask()).Await(ctx)
	if err != nil {
		return 0, err
	}
	first, err := valuetask.WhenAny[int](c.Read(3).AsTask(), c.Fetch(ctx, $K).AsTask()).Await(ctx)
	if err != nil {
		return 0, err
	}
	y, err := first.Await(ctx)
	return sum + pair[0] + pair[1] + y, err
}
`,
	// Preserve, then many awaits, some from goroutines.
	`
// Shared$N awaits one read from several goroutines.
func Shared$N(ctx context.Context, c *Conn, k int) (int, error) {
	p := c.Read(k).Preserve()
	a, err := p.Await(ctx)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = p.Await(ctx)
		}()
	}
	wg.Wait()
	return a + results[0] + results[1] + results[2], nil
}
`,
	// A deferred consumption.
	`
// Deferred$N consumes its read when it returns.
func Deferred$N(ctx context.Context, c *Conn, k int) (n int, err error) {
	v := c.Read(k)
	defer func() {
		x, e := v.Await(ctx)
		if err == nil {
			err = e
		}
		n += x
	}()
	if k > $K {
		return k, nil
	}
	n = k * 2
	return n, nil
}
`,
	// ValueTasks in struct fields, ranged over.
	`
type job$N struct {
	name string
	v    valuetask.ValueTask[int]
}

// Jobs$N starts a read per name and collects them by name.
func Jobs$N(ctx context.Context, c *Conn, names []string) (map[string]int, error) {
	jobs := make([]job$N, 0, len(names))
	for i, name := range names {
		jobs = append(jobs, job$N{name: strings.ToLower(name), v: c.Read(i)})
	}
	out := make(map[string]int, len(jobs))
	for _, j := range jobs {
		x, err := j.v.Await(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", j.name, err)
		}
		out[j.name] = x
	}
	return out, nil
}
`,
	// ValueTasks sent on a channel and received in a loop.
	`
// Pipeline$N moves reads through a channel.
func Pipeline$N(ctx context.Context, c *Conn, n int) int {
	ch := make(chan valuetask.ValueTask[int], n)
	for i := 0; i < n; i++ {
		ch <- c.Read(i)
	}
	close(ch)
	sum := 0
	for v := range ch {
		if x, err := v.Await(ctx); err == nil {
			sum += x
		}
	}
	return sum
}
`,
	// A retry loop that replaces the ValueTask before the next iteration.
	`
// Retry$N reads k until a read succeeds.
func Retry$N(ctx context.Context, c *Conn, k, attempts int) (int, error) {
	v := c.Read(k)
	for i := 0; ; i++ {
		x, err := v.Await(ctx)
		if err == nil {
			return x, nil
		}
		if i+1 >= attempts {
			return 0, fmt.Errorf("retry$N: %d attempts: %w", attempts, err)
		}
		v = c.Read(k + i + 1)
	}
}
`,
	// AsTask, then select on the Task.
	`
// Timeout$N waits for a read or the context.
func Timeout$N(ctx context.Context, c *Conn, k int) (int, error) {
	t := c.Fetch(ctx, k).AsTask()
	select {
	case <-t.Done():
		return t.Await(ctx)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
`,
	// A Promise behind a ValueTask.
	`
// Promised$N completes a ValueTask from another goroutine.
func Promised$N(ctx context.Context, k int) (int, error) {
	p := valuetask.NewPromise[int]()
	go func() {
		if k < 0 {
			p.Reject(errors.New("$P: negative"))
			return
		}
		p.Resolve(k)
	}()
	v := valuetask.FromTask(p.Task())
	return v.Await(ctx)
}
`,
	// A ValueTask passed as an Awaitable.
	`
func await$N(ctx context.Context, a valuetask.Awaitable[int]) (int, error) { return a.Await(ctx) }

// Iface$N consumes through an interface.
func Iface$N(ctx context.Context, c *Conn, k int) (int, error) {
	v := c.Read(k)
	if v.IsCompletedSuccessfully() {
		return v.Result()
	}
	return await$N(ctx, v)
}
`,
	// A maybe-refresh loop: the ValueTask is replaced only on some paths.
	`
// Refresh$N keeps one read in flight and refreshes it after using it.
func Refresh$N(ctx context.Context, c *Conn, rounds int) (int, error) {
	cur := c.Read(0)
	total := 0
	for i := 1; i <= rounds; i++ {
		if i%$K == 0 {
			x, err := cur.Await(ctx)
			if err != nil {
				return total, err
			}
			total += x
			cur = c.Read(i)
		}
	}
	x, err := cur.Await(ctx)
	return total + x, err
}
`,
	// Errors built from results and errors, with a generic helper.
	`
// Chain$N maps a read twice.
func Chain$N(ctx context.Context, c *Conn, k int) (string, error) {
	v := Then(ctx, c.Read(k), func(x int) int { return x * $K })
	s := Then(ctx, v, func(x int) string { return fmt.Sprint(x) })
	out, err := s.Await(ctx)
	if err != nil {
		return "", errors.Join(errors.New("chain$N"), err)
	}
	return out, nil
}
`,
}

// crossUnits call a dependency's helpers ($D.), so they rely on facts.
var crossUnits = []string{
	`
// Mixed$N hands reads to another package's helpers.
func Mixed$N(ctx context.Context, c *$D.Conn, k int) (int, error) {
	a, b := c.Read(k), c.Read(k+1)
	var acc int
	if $D.Ready(a) {
		if err := $D.Drain(ctx, a, &acc); err != nil {
			return 0, err
		}
	} else {
		x, err := $D.Value(ctx, a)
		if err != nil {
			return 0, err
		}
		acc += x
	}
	xs, err := $D.Collect(ctx, b, c.Read(k+2))
	if err != nil {
		return 0, err
	}
	ys, err := $D.Join(ctx, c.Read(k+3), c.Read(k+4))
	if err != nil {
		return 0, err
	}
	return acc + len(xs) + len(ys), nil
}
`,
	`
// Query$N asks another package about a read, then awaits it here.
func Query$N(ctx context.Context, k int) (int, error) {
	c := $D.NewConn()
	v := c.Fetch(ctx, k)
	for i := 0; i < 3 && !$D.Ready(v); i++ {
		if v.IsFaulted() {
			break
		}
	}
	return v.Await(ctx)
}
`,
	`
// Map$N chains another package's generic helper.
func Map$N(ctx context.Context, c *Conn, keys []int) ([]string, error) {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		v := $D.Then(ctx, c.Read(k), func(x int) string { return strings.Repeat("x", x%$K) })
		s, err := v.Await(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out, nil
}
`,
	`
// Batch$N drains reads into an accumulator through another package.
func Batch$N(ctx context.Context, c *Conn, n int) (int, error) {
	acc := 0
	var errs []error
	for i := 0; i < n; i++ {
		v := c.Read(i)
		if i%2 == 0 {
			if err := $D.Drain(ctx, v, &acc); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		x, err := $D.Value(ctx, v)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		acc += x
	}
	return acc, errors.Join(errs...)
}
`,
}

// plainUnits never touch a ValueTask.
var plainUnits = []string{
	`
func normalize$N(fields []string) []string {
	out := make([]string, 0, len(fields))
	seen := make(map[string]bool)
	for _, f := range fields {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
`,
	`
type counter$N struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *counter$N) add(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = make(map[string]int)
	}
	c.counts[key] += n
}

func (c *counter$N) top(k int) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, len(c.counts))
	for key := range c.counts {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c.counts[keys[i]] != c.counts[keys[j]] {
			return c.counts[keys[i]] > c.counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > k {
		keys = keys[:k]
	}
	return keys
}
`,
	`
func parse$N(s string) (int, error) {
	n := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r == '_':
			continue
		default:
			return 0, fmt.Errorf("parse$N: bad %q at %d", r, i)
		}
	}
	if n > 1<<20 {
		return 0, errors.New("parse$N: too large")
	}
	return n, nil
}
`,
	`
type node$N struct {
	key         int
	left, right *node$N
}

func (n *node$N) insert(k int) *node$N {
	if n == nil {
		return &node$N{key: k}
	}
	if k < n.key {
		n.left = n.left.insert(k)
	} else if k > n.key {
		n.right = n.right.insert(k)
	}
	return n
}

func (n *node$N) walk(f func(int) bool) bool {
	if n == nil {
		return true
	}
	return n.left.walk(f) && f(n.key) && n.right.walk(f)
}
`,
	`
func render$N(rows [][]string) string {
	var b strings.Builder
	widths := make([]int, 0, $K)
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			if len(cell) > widths[i] {
				widths[i] = len(cell)
			}
		}
	}
	for _, row := range rows {
		for i, cell := range row {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", widths[i]-len(cell)))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
`,
}

// misuseUnits hold one real misuse each, with the analyzer's expected
// report as an analysistest `// want` comment.
var misuseUnits = []string{
	`
// BadTwice$N awaits one read twice.
func BadTwice$N(ctx context.Context, c *Conn) int {
	v := c.Read(1)
	x, _ := v.Await(ctx)
	if x > 0 {
		y, _ := v.Await(ctx) // want ` + "`double await of v`" + `
		x += y
	}
	return x
}
`,
	`
// BadLoop$N awaits a read made before the loop on every iteration.
func BadLoop$N(ctx context.Context, c *Conn, n int) int {
	v := c.Read(2)
	sum := 0
	for i := 0; i < n; i++ {
		x, _ := v.Await(ctx) // want ` + "`double await of v`" + `
		sum += x
	}
	return sum
}
`,
	`
// BadAll$N passes a ValueTask to WhenAll.
func BadAll$N(ctx context.Context, c *Conn) ([]int, error) {
	return valuetask.WhenAll[int](c.Read(1), c.Read(2).AsTask()).Await(ctx) // want ` + "`missing AsTask`" + `
}
`,
	`
// BadDrop$N drops a read.
func BadDrop$N(c *Conn) {
	c.Read(5) // want ` + "`unconsumed ValueTask`" + `
}
`,
	`
// BadGo$N awaits one read here and in a goroutine.
func BadGo$N(ctx context.Context, c *Conn) int {
	v := c.Read(3)
	done := make(chan int)
	go func() {
		x, _ := v.Await(ctx) // want ` + "`concurrent await of v`" + `
		done <- x
	}()
	y, _ := v.Await(ctx)
	return y + <-done
}
`,
	`
// BadResult$N reads a result that may not be there.
func BadResult$N(c *Conn) int {
	x, _ := c.Read(4).Result() // want ` + "`unguarded Result`" + `
	return x
}
`,
	`
// BadDrain$N awaits a read that another package's helper consumed.
func BadDrain$N(ctx context.Context, c *Conn) int {
	v := c.Read(6)
	var acc int
	_ = $D.Drain(ctx, v, &acc)
	x, _ := v.Await(ctx) // want ` + "`double await of v`" + `
	return acc + x
}
`,
}
