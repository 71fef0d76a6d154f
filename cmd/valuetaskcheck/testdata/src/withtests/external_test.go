package withtests_test

import (
	"testing"

	"example.com/vtcheck/withtests"
)

func TestTwice(t *testing.T) {
	v := withtests.Get()
	v.Await(t.Context())
	v.Await(t.Context())
}
