// Command leaky-server is the goroutine-guard demo: a tiny HTTP service with net/http/pprof whose
// /work handler leaks two goroutines per request, in the two most common ways:
//
//   - GG001: the handler hands the slow part to a goroutine that sends its result on an
//     unbuffered channel, then gives up on its deadline and returns; the send blocks forever.
//   - GG002: the handler starts an audit worker that ranges over a jobs channel nobody closes.
//
// It listens on 127.0.0.1 only and prints "listening on http://127.0.0.1:PORT" as its first line
// of stdout. -requests N drives N requests itself; -capture DIR then fetches its own
// /debug/pprof/goroutine?debug=2 and ?debug=0 into DIR and exits. -exit-after bounds its life.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

type price struct {
	sku   string
	cents int
}

// lookupPrice asks the (slow) price backend and reports on result.
func lookupPrice(ctx context.Context, sku string, result chan price) {
	p, _ := callPriceBackend(ctx, sku)
	result <- p // GG001: the handler has given up and returned; nobody receives
}

// callPriceBackend stands for an RPC that honours ctx; the backend is slower than the deadline.
func callPriceBackend(ctx context.Context, sku string) (price, error) {
	select {
	case <-time.After(time.Second):
		return price{sku: sku, cents: 1999}, nil
	case <-ctx.Done():
		return price{}, ctx.Err()
	}
}

type auditEvent struct {
	path string
	at   time.Time
}

func auditWorker(events <-chan auditEvent) {
	for ev := range events { // GG002: events is never closed, the worker never ends
		_ = ev
	}
}

func workHandler(w http.ResponseWriter, r *http.Request) {
	events := make(chan auditEvent, 1)
	go auditWorker(events)
	events <- auditEvent{path: r.URL.Path, at: time.Now()}
	// missing: close(events)

	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Millisecond)
	defer cancel()
	result := make(chan price) // fix: make(chan price, 1)
	go lookupPrice(ctx, r.URL.Query().Get("sku"), result)
	select {
	case p := <-result:
		fmt.Fprintf(w, "%s costs %d cents\n", p.sku, p.cents)
	case <-ctx.Done():
		http.Error(w, "price backend timed out", http.StatusGatewayTimeout)
	}
}

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/work", workHandler)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

func drive(base string, n int) error {
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; i < n; i++ {
		resp, err := client.Get(base + "/work?sku=sku-" + strconv.Itoa(i))
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	client.CloseIdleConnections()
	return nil
}

func fetch(url, path string) error {
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	client.CloseIdleConnections()
	return os.WriteFile(path, body, 0o644)
}

func capture(base, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// debug=0 first: fetching debug=2 would add its own client goroutines to the next dump.
	if err := fetch(base+"/debug/pprof/goroutine", filepath.Join(dir, "leaky-server.debug0.pb.gz")); err != nil {
		return err
	}
	return fetch(base+"/debug/pprof/goroutine?debug=2", filepath.Join(dir, "leaky-server.debug2.txt"))
}

func main() {
	port := flag.Int("port", 0, "TCP port on 127.0.0.1 (0 picks a free one)")
	requests := flag.Int("requests", 0, "send this many /work requests to itself after start")
	captureDir := flag.String("capture", "", "after -requests, write leaky-server.debug2.txt and .debug0.pb.gz here and exit")
	exitAfter := flag.Duration("exit-after", 10*time.Minute, "exit after this long (0 = never)")
	flag.Parse()

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "leaky-server:", err)
		os.Exit(1)
	}
	base := "http://" + ln.Addr().String()
	fmt.Printf("listening on %s\n", base)

	srv := &http.Server{Handler: newMux(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "leaky-server:", err)
			os.Exit(1)
		}
	}()

	if *requests > 0 {
		if err := drive(base, *requests); err != nil {
			fmt.Fprintln(os.Stderr, "leaky-server:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "leaky-server: sent %d requests to /work\n", *requests)
	}
	if *captureDir != "" {
		time.Sleep(500 * time.Millisecond) // let the late senders reach their blocked send
		if err := capture(base, *captureDir); err != nil {
			fmt.Fprintln(os.Stderr, "leaky-server:", err)
			os.Exit(1)
		}
		return
	}
	if *exitAfter > 0 {
		time.Sleep(*exitAfter)
		return
	}
	select {}
}
