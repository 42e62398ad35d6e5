package patterns

import "sync"

// GG008: wg.Done is skipped on an early-return path, so Wait blocks forever.

func checkHosts(hosts []string) {
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func(h string) {
			if h == "" {
				return // GG008: early return without wg.Done()
			}
			wg.Done()
		}(h)
	}
	wg.Wait() // GG008: waits forever
}

func startGG008(_ *Env) {
	for i := 0; i < 3; i++ {
		go checkHosts([]string{"a.internal", "", "c.internal"})
	}
}
