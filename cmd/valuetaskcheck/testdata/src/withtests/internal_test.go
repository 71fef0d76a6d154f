package withtests

import "testing"

func TestDrop(t *testing.T) {
	Get()
}
