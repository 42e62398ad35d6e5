package untested

import "testing"

func TestAdd(t *testing.T) {
	var r Registry
	r.Add("a")
	r.Add("b")
	if len(r.names) != 2 {
		t.Fatalf("names = %v", r.names)
	}
}
