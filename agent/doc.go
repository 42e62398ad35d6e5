// Package guard is goroutine-guard's in-process agent: it watches the goroutine count of the service it runs in,
// estimates where goroutines are parked (wait classes, blocked channels, leak suspects, GC-proven leaks), serves
// that as JSON and Prometheus metrics, and — when the count stays over a safe threshold — first writes goroutine,
// goroutineleak and heap profiles to disk and only then switches an HTTP middleware to a light degraded response,
// restoring it when the count is back under the threshold.
//
// Start one Guard per process:
//
//	g, err := guard.Start(guard.Config{MaxGoroutines: 20000, DumpDir: "/var/tmp/myapp-goroutines"})
//	if err != nil { log.Fatal(err) }
//	defer g.Stop()
//	mux.Handle("/debug/goroutine-guard", g.Handler())
//	mux.Handle("/debug/goroutine-guard/", g.Handler())
//	http.ListenAndServe(addr, g.Middleware(mux))
//
// The package uses only the standard library and keeps no global state: everything lives in the *Guard.
package guard
