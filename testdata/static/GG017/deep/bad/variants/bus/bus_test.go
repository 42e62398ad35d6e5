package bus

import "testing"

func TestDeliver(t *testing.T) {
	var got []string
	s := Subscribe(func(msg string) { got = append(got, msg) })
	s.Deliver("a")
	if len(got) != 1 || s.Pending() != 0 {
		t.Fatal(got)
	}
}
