// watchsvc is the Go service the watch tests scrape over 127.0.0.1. One binary, one behaviour per -mode:
//
//	healthy  serves pprof, expvar and Prometheus-style /metrics; nothing leaks
//	leaky    like healthy, plus /leak?n=N (N goroutines stuck sending on channels a registry keeps, so /release
//	         can free them) and /leak-forever?n=N (stuck on unreachable channels: the GC can prove those leaked
//	         when built with GOEXPERIMENT=goroutineleakprofile on Go 1.26, or any Go ≥ 1.27) and /leak-ticker?n=N
//	         (N heartbeat goroutines looping on never-stopped hourly tickers: GG004)
//	slow     answers the goroutine profile only after -delay
//	huge     answers the goroutine profile with -huge-bytes of valid-looking traceback text
//
// Every mode has /control/down?for=2s: close the listener, stay down, then listen on the same address again.
// The first stdout line is "listening on ADDR"; "profile request" is printed when a goroutine profile is asked for.
package main

import (
	"context"
	"expvar"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	rpprof "runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	mode      = flag.String("mode", "healthy", "healthy, leaky, slow or huge")
	addr      = flag.String("addr", "127.0.0.1:0", "listen address")
	delay     = flag.Duration("delay", 5*time.Second, "slow: delay before the goroutine profile answers")
	hugeBytes = flag.Int64("huge-bytes", 256<<20, "huge: size of the goroutine profile body")
	label     = flag.String("label", "request", "leaky: pprof label value put on leaked goroutines")
)

// registry keeps the channels of releasable leaked goroutines reachable, so /release can receive from them.
var registry struct {
	sync.Mutex
	chans []chan int
}

// leakySend is the leak: a request handler starts a worker that sends its result on an unbuffered channel, but
// the handler returns without receiving (GG001).
func leakySend(ch chan int) { ch <- 42 }

// leakyForever blocks on a channel nothing else references: provably leaked.
func leakyForever() {
	ch := make(chan int)
	ch <- 1
}

// heartbeats counts ticks of the leaked heartbeat loops.
var heartbeats atomic.Int64

// heartbeat loops on a ticker nobody stops, with no way out (GG004): parked in `chan receive` between ticks.
func heartbeat(t *time.Ticker) {
	for range t.C {
		heartbeats.Add(1)
	}
}

func handleLeakTicker(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	if n <= 0 {
		n = 1
	}
	for i := 0; i < n; i++ {
		go heartbeat(time.NewTicker(time.Hour))
	}
	fmt.Fprintf(w, "leaked %d tickers\n", n)
}

func handleLeak(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	if n <= 0 {
		n = 1
	}
	forever := strings.HasSuffix(r.URL.Path, "-forever")
	rpprof.Do(context.Background(), rpprof.Labels("handler", *label), func(context.Context) {
		for i := 0; i < n; i++ {
			if forever {
				go leakyForever()
				continue
			}
			ch := make(chan int)
			registry.Lock()
			registry.chans = append(registry.chans, ch)
			registry.Unlock()
			go leakySend(ch)
		}
	})
	fmt.Fprintf(w, "leaked %d\n", n)
}

func handleRelease(w http.ResponseWriter, _ *http.Request) {
	registry.Lock()
	chans := registry.chans
	registry.chans = nil
	registry.Unlock()
	for _, ch := range chans {
		<-ch
	}
	fmt.Fprintf(w, "released %d\n", len(chans))
}

// handleMetrics writes the few client_golang metric names watch reads, without depending on client_golang.
func handleMetrics(w http.ResponseWriter, _ *http.Request) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	fmt.Fprintf(w, "# HELP go_goroutines Number of goroutines that currently exist.\n# TYPE go_goroutines gauge\n")
	fmt.Fprintf(w, "go_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintf(w, "# TYPE go_memstats_heap_alloc_bytes gauge\ngo_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
	fmt.Fprintf(w, "# TYPE go_memstats_heap_inuse_bytes gauge\ngo_memstats_heap_inuse_bytes %d\n", ms.HeapInuse)
	fmt.Fprintf(w, "# TYPE go_memstats_next_gc_bytes gauge\ngo_memstats_next_gc_bytes %d\n", ms.NextGC)
	fmt.Fprintf(w, "# TYPE go_gc_duration_seconds summary\ngo_gc_duration_seconds_sum %g\ngo_gc_duration_seconds_count %d\n",
		float64(ms.PauseTotalNs)/1e9, ms.NumGC)
}

func profileHandler() http.Handler {
	goroutine := pprof.Handler("goroutine")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("profile request")
		switch *mode {
		case "slow":
			select {
			case <-time.After(*delay):
			case <-r.Context().Done():
				return
			}
		case "huge":
			serveHuge(w)
			return
		}
		goroutine.ServeHTTP(w, r)
	})
}

// serveHuge streams a traceback that never ends within any sane byte cap.
func serveHuge(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	block := []byte("goroutine 1 [chan receive]:\nmain.block()\n\t/huge/main.go:1 +0x1\n\n")
	for sent := int64(0); sent < *hugeBytes; sent += int64(len(block)) {
		if _, err := w.Write(block); err != nil {
			return
		}
	}
}

type server struct {
	mux  *http.ServeMux
	addr string
	mu   sync.Mutex
	srv  *http.Server
}

func (s *server) listen() error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	s.addr = ln.Addr().String()
	srv := &http.Server{Handler: s.mux}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln)
	return nil
}

func (s *server) handleDown(w http.ResponseWriter, r *http.Request) {
	d, err := time.ParseDuration(r.URL.Query().Get("for"))
	if err != nil {
		d = 2 * time.Second
	}
	fmt.Fprintf(w, "down for %s\n", d)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		s.mu.Lock()
		srv := s.srv
		s.mu.Unlock()
		srv.Close()
		fmt.Println("down")
		time.Sleep(d)
		for {
			if err := s.listen(); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		fmt.Println("up")
	}()
}

func main() {
	flag.Parse()
	s := &server{mux: http.NewServeMux(), addr: *addr}
	s.mux.HandleFunc("/debug/pprof/", pprof.Index)
	s.mux.Handle("/debug/pprof/goroutine", profileHandler())
	s.mux.Handle("/debug/vars", expvar.Handler())
	s.mux.HandleFunc("/metrics", handleMetrics)
	s.mux.HandleFunc("/control/down", s.handleDown)
	if *mode == "leaky" {
		s.mux.HandleFunc("/leak", handleLeak)
		s.mux.HandleFunc("/leak-forever", handleLeak)
		s.mux.HandleFunc("/release", handleRelease)
		s.mux.HandleFunc("/leak-ticker", handleLeakTicker)
	}
	if err := s.listen(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on %s\n", s.addr)
	// Block main on a signal channel (as real services do), not on `select {}`: the GC would prove main leaked.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
}
