package valuetask

// Promise completes a Task by hand (.NET's TaskCompletionSource). The first
// Resolve or Reject decides the outcome; later calls change nothing.
type Promise[T any] struct {
	// The Task lives inside the Promise so that NewPromise costs one
	// allocation for both, plus the channel.
	task Task[T]
}

// NewPromise returns a Promise whose Task is pending.
func NewPromise[T any]() *Promise[T] {
	p := new(Promise[T])
	p.task.init()
	return p
}

// Task returns the Task this Promise completes; every call returns the same one.
func (p *Promise[T]) Task() *Task[T] {
	return &p.task
}

// Resolve completes the Task with v. It returns false, and changes nothing, if
// the Task was already completed.
func (p *Promise[T]) Resolve(v T) bool {
	return p.task.complete(v, nil)
}

// Reject completes the Task with err. It returns false, and changes nothing, if
// the Task was already completed. A nil err would read as success, so it
// panics.
func (p *Promise[T]) Reject(err error) bool {
	if err == nil {
		panic("valuetask: Promise.Reject(nil)")
	}
	var zero T
	return p.task.complete(zero, err)
}
