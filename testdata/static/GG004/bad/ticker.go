package bad

import "time"

func poll() {}

// Never stopped, and go.mod says 1.21: the ticker is never collected.
func Poll(n int) {
	t := time.NewTicker(time.Second) // want GG004
	for i := 0; i < n; i++ {
		<-t.C
		poll()
	}
}

// Ranging over a ticker channel never ends: Stop does not close it.
func Forever() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	go func() {
		for range t.C { // want GG004
			poll()
		}
	}()
}

func Tick() {
	go func() {
		for now := range time.Tick(time.Minute) { // want GG004
			_ = now
		}
	}()
}
