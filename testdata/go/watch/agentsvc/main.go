// agentsvc is a Go service running the goroutine-guard agent (../../../../agent), for the watch test that reads the
// agent's Prometheus metrics as a target's metrics source. It parks -blocked goroutines sending on channels nobody
// reads before the agent starts, so the agent's first profile snapshot has blocked-channel goroutines to count.
// First stdout line: "listening on ADDR".
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	guard "github.com/goroutine-guard/goroutine-guard/agent"
)

var blocked = flag.Int("blocked", 30, "goroutines parked in chan send")

var stuck []chan int

func send(ch chan int) { ch <- 1 }

func main() {
	flag.Parse()
	for i := 0; i < *blocked; i++ {
		ch := make(chan int)
		stuck = append(stuck, ch)
		go send(ch)
	}
	time.Sleep(50 * time.Millisecond)
	g, err := guard.Start(guard.Config{Interval: 100 * time.Millisecond, ProfileInterval: 200 * time.Millisecond})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer g.Stop()
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.Handle("/debug/goroutine-guard", g.Handler())
	mux.Handle("/debug/goroutine-guard/", g.Handler())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	go func() { _ = http.Serve(ln, mux) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
}
