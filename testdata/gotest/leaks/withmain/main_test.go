package withmain

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

var setupRan bool

func TestMain(m *testing.M) {
	setupRan = true
	stopped := StartJanitor()   // stopped below: not a leak
	forgotten := StartJanitor() // never stopped: leaked by TestMain itself
	_ = forgotten
	code := m.Run()
	stopped.Stop()
	fmt.Println("withmain: teardown ran")
	os.Exit(code)
}

func TestSetupRan(t *testing.T) {
	if !setupRan {
		t.Fatal("the package's own TestMain did not run")
	}
}

func TestMutexLeak(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	Lock(&mu)
}
