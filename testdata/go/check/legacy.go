package main

import "time"

// startLegacySync runs the old inventory sync on a ticker. Deprecated: only started with -legacy-sync.
func startLegacySync(every time.Duration, sync func()) {
	t := time.NewTicker(every)
	go func() {
		for range t.C {
			sync()
		}
	}()
}
