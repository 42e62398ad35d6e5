// Command busy is an HTTP server that is busy but does not leak: every request fans out short-lived goroutines
// that block for a moment (in chan send, like the leaky server's replicas) and then exit, and its HTTP client
// closes every response body, so its connection pool stays the same size. goroutine-guard's series tests capture
// it under load and expect no confirmed leak: goroutines that come and go must not look like growth.
//
//	GET /work?n=N  N workers compute for a few random milliseconds and send on an unbuffered channel; the handler
//	               receives every result, slowly, so senders wait briefly in chan send.
//	GET /status    calls an upstream and closes the body (the fixed form of the leaky server's GG010).
//
// It prints "listening http://ADDR" on stdout once it accepts connections.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand"
	"net"
	"net/http"
	_ "net/http/pprof" // the endpoint under test
	"strconv"
	"time"
)

func work(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 {
		n = 4
	}
	results := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			time.Sleep(time.Duration(rand.Intn(10)) * time.Millisecond)
			results <- i * i // waits until the handler takes it; never forever
		}(i)
	}
	sum := 0
	for i := 0; i < n; i++ {
		time.Sleep(time.Millisecond)
		sum += <-results
	}
	fmt.Fprintln(w, sum)
}

var client = &http.Client{Timeout: 5 * time.Second}

func status(upstream string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := client.Get(upstream + "/health")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		fmt.Fprintf(w, "upstream %d\n", resp.StatusCode)
	}
}

// pool is a fixed set of workers that live as long as the server: a constant bucket, never growing.
func pool(ctx context.Context, jobs <-chan func()) {
	for i := 0; i < 4; i++ {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case job := <-jobs:
					job()
				}
			}
		}()
	}
}

func listen(addr string) net.Listener {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	return ln
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()

	upstream := listen("127.0.0.1:0")
	up := http.NewServeMux()
	up.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	go func() { log.Fatal(http.Serve(upstream, up)) }()

	jobs := make(chan func())
	pool(context.Background(), jobs)
	// A ticker hands the pool a short job now and then, so pool goroutines move between states too.
	go func() {
		for range time.Tick(50 * time.Millisecond) {
			jobs <- func() { time.Sleep(time.Duration(rand.Intn(20)) * time.Millisecond) }
		}
	}()

	http.HandleFunc("/work", work)
	http.HandleFunc("/status", status("http://"+upstream.Addr().String()))
	ln := listen(*addr)
	fmt.Printf("listening http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
