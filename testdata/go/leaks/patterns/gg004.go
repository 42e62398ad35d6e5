package patterns

import "time"

// GG004: a heartbeat goroutine loops on a ticker that is never stopped and has no exit case.

var heartbeats int

func startHeartbeat(name string, every time.Duration) {
	t := time.NewTicker(every) // GG004: no t.Stop(), no exit case
	go func() {
		for range t.C {
			heartbeats++
			_ = name
		}
	}()
}

func startGG004(_ *Env) {
	for _, name := range []string{"db", "cache", "queue"} {
		startHeartbeat(name, time.Hour)
	}
}
