package valuetask

// ValueTask is a small struct that holds either a result that is already
// there (no allocation at all), a *Task, or a pooled Source with a version
// token. It must be consumed exactly once: by Await, AsTask, Preserve, or a
// Result that finds it completed. Copies of a ValueTask are the same
// ValueTask. Use Preserve or AsTask to get something that may be awaited many
// times.
//
// The zero ValueTask is a completed one holding the zero T.
type ValueTask[T any] struct {
	// d is empty unless built with -tags valuetaskdebug. It comes first
	// because a trailing zero-size field would be padded.
	d debugInfo
	// obj tells the kinds apart without a separate tag field:
	//   nil        the result is value
	//   *Task[T]   the result is the task's
	//   Source[T]  the result is operation token of the source
	//   error      failed with it (see FromError for the one exception)
	// One interface word pair plus value and token keeps ValueTask[int] at 32
	// bytes, small enough to travel in registers.
	obj   any
	value T
	token uint32
}

// FromResult returns a completed ValueTask holding v. It allocates nothing.
func FromResult[T any](v T) ValueTask[T] {
	return ValueTask[T]{d: track(), value: v}
}

// FromError returns a completed, failed ValueTask. A nil err is a programming
// error and panics.
func FromError[T any](err error) ValueTask[T] {
	if err == nil {
		panic("valuetask: FromError(nil)")
	}
	if _, ok := err.(Source[T]); ok {
		// obj would read as a Source; a failed Task keeps the kinds apart.
		return ValueTask[T]{d: track(), obj: Failed[T](err)}
	}
	return ValueTask[T]{d: track(), obj: err}
}

// FromTask returns a ValueTask whose result is t's. t must not be nil.
func FromTask[T any](t *Task[T]) ValueTask[T] {
	if t == nil {
		panic("valuetask: FromTask(nil)")
	}
	return ValueTask[T]{d: track(), obj: t}
}

// FromSource returns a ValueTask for operation token of s, usually
// FromSource(core, core.Version()). It allocates nothing. s must not be nil.
func FromSource[T any](s Source[T], token uint32) ValueTask[T] {
	if s == nil {
		panic("valuetask: FromSource(nil, token)")
	}
	if c, ok := s.(*SourceCore[T]); ok && c == nil {
		panic("valuetask: FromSource(nil *SourceCore, token)")
	}
	return ValueTask[T]{d: track(), obj: s, token: token}
}

// status is the single place that reads a ValueTask's state for the queries.
// The case order (Task, Source, error) matches every other switch on obj.
func (v ValueTask[T]) status() Status {
	switch o := v.obj.(type) {
	case nil:
		return Succeeded
	case *Task[T]:
		return o.Status()
	case Source[T]:
		return o.Status(v.token)
	case error:
		return statusOf(o)
	}
	panic(corrupt)
}

// corrupt is the panic for an obj no constructor makes: only possible through
// unsafe or a data race on the ValueTask variable itself.
const corrupt = "valuetask: corrupt ValueTask"

// IsCompleted reports whether the ValueTask has completed, successfully or
// not. It does not consume the ValueTask.
func (v ValueTask[T]) IsCompleted() bool { return v.obj == nil || v.status() != Pending }

// IsCompletedSuccessfully reports whether the ValueTask has completed with a
// nil error. It does not consume the ValueTask.
func (v ValueTask[T]) IsCompletedSuccessfully() bool {
	return v.obj == nil || v.status() == Succeeded
}

// IsFaulted reports whether the ValueTask has completed with an error other
// than a context one. A stale source-backed ValueTask (its source was reset)
// reports true, since consuming it would yield ErrConsumed. It does not
// consume the ValueTask.
func (v ValueTask[T]) IsFaulted() bool { return v.obj != nil && v.status() == Faulted }

// IsCanceled reports whether the ValueTask has completed with an error
// matching context.Canceled or context.DeadlineExceeded. It does not consume
// the ValueTask.
func (v ValueTask[T]) IsCanceled() bool { return v.obj != nil && v.status() == Canceled }
