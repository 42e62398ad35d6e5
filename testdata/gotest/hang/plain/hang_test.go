// A test that never ends: `goroutine-guard test -- -timeout 2s` must show go test's own timeout panic with no
// frame of the injected harness (test/gotest/traces.test.ts).
package plain

import (
	"testing"
	"time"
)

func TestHang(t *testing.T) { time.Sleep(time.Hour) }
