// Command leakyservice is a service with a GG001 leak — a handler starts a goroutine to compute a result and
// returns without receiving it — guarded by goroutine-guard's agent. run.sh drives it through breach, dump,
// degraded mode and recovery. It is its own module and uses the agent through a `replace` directive.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"sync"
	"time"

	guard "github.com/goroutine-guard/goroutine-guard/agent"
)

// pending keeps the result channels only so /drain can show recovery; a real fix is `make(chan int, 1)`.
type pending struct {
	mu    sync.Mutex
	chans []chan int
}

func (p *pending) work(w http.ResponseWriter, _ *http.Request) {
	result := make(chan int)
	p.mu.Lock()
	p.chans = append(p.chans, result)
	p.mu.Unlock()
	go func() { result <- 42 }() // parks forever: nobody receives after the handler returns
	fmt.Fprintln(w, "ok")
}

func (p *pending) drain(w http.ResponseWriter, _ *http.Request) {
	p.mu.Lock()
	chans := p.chans
	p.chans = nil
	p.mu.Unlock()
	for _, ch := range chans {
		<-ch
	}
	fmt.Fprintf(w, "released %d\n", len(chans))
}

func main() {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8377"
	}
	g, err := guard.Start(guard.Config{
		Interval:           time.Second,
		ProfileInterval:    2 * time.Second,
		MaxGoroutines:      300,
		MaxGrowthPerSecond: -1, // this demo trips on the count alone
		DumpDir:            "./dumps",
		HealthPaths:        []string{"/healthz", "/drain"}, // still served while degraded
		OnDegrade: func(ev guard.Event) {
			log.Printf("degraded: %d goroutines, dump %s", ev.Goroutines, ev.DumpPath)
		},
		OnRecover:   func(ev guard.Event) { log.Printf("recovered: %d goroutines", ev.Goroutines) },
		OnDumpError: func(ev guard.Event) { log.Printf("dump failed, not degrading: %v", ev.Err) },
	})
	if err != nil {
		log.Fatal(err)
	}
	defer g.Stop()
	p := &pending{}
	mux := http.NewServeMux()
	mux.HandleFunc("/work", p.work)
	mux.HandleFunc("/drain", p.drain)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.Handle("/debug/goroutine-guard", g.Handler())
	mux.Handle("/debug/goroutine-guard/", g.Handler())
	srv := &http.Server{Addr: addr, Handler: g.Middleware(mux), ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
