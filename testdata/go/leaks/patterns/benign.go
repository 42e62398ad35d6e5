package patterns

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"
)

// Long-lived goroutines that are NOT leaks: an admin HTTP server, a signal handler, a bounded
// worker pool owned by a package-level variable, a periodic refresher, and a worker that finishes.

var (
	adminServer *http.Server
	metricsJobs chan func() // the pool lives as long as the process; reachable from this global
	refreshes   int
)

func reloadOnSignal(sigs <-chan os.Signal) {
	for range sigs {
		refreshes++
	}
}

func metricsWorker(jobs <-chan func()) {
	for job := range jobs {
		job()
	}
}

func refreshLoop(every time.Duration) {
	for {
		time.Sleep(every)
		refreshes++
	}
}

func startBenign(_ *Env) {
	if ln, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
		adminServer = &http.Server{Handler: http.NewServeMux(), ReadHeaderTimeout: time.Second}
		go func() { _ = adminServer.Serve(ln) }()
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP)
	go reloadOnSignal(sigs)

	metricsJobs = make(chan func())
	pprof.Do(context.Background(), pprof.Labels("pool", "metrics"), func(context.Context) {
		for i := 0; i < 4; i++ {
			go metricsWorker(metricsJobs)
		}
	})

	go refreshLoop(30 * time.Second)

	finished := make(chan struct{})
	go func() { close(finished) }() // a worker that finishes: absent from every dump
	<-finished
}
