package nsenders

import (
	"strings"
	"testing"
	"time"
)

func TestFirst(t *testing.T) {
	got := First([]int{1, 2, 3})
	if !strings.HasPrefix(got, "answer from ") {
		t.Fatalf("First = %q", got)
	}
	time.Sleep(20 * time.Millisecond) // let the other replicas answer (into the void)
}
