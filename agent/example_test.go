package guard_test

import (
	"log"
	"net/http"
	"time"

	guard "github.com/goroutine-guard/goroutine-guard/agent"
)

// A service wires the Guard in three places: Start at boot, its Handler on the mux, its Middleware around the mux.
func ExampleStart() {
	g, err := guard.Start(guard.Config{
		MaxGoroutines: 20000,                       // breach above 20k goroutines…
		DumpDir:       "/var/tmp/myapp-goroutines", // …dump here first…
		OnDegrade: func(ev guard.Event) { // …then shed load, and say so
			log.Printf("goroutine-guard: %d goroutines, shedding load; profiles in %s", ev.Goroutines, ev.DumpPath)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer g.Stop()

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.Handle("/debug/goroutine-guard", g.Handler())  // JSON status
	mux.Handle("/debug/goroutine-guard/", g.Handler()) // …/metrics: Prometheus text
	srv := &http.Server{Addr: "127.0.0.1:8080", Handler: g.Middleware(mux), ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
