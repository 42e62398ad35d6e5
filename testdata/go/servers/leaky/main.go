// Command leaky is an HTTP server that leaks goroutines on every request. goroutine-guard's capture, diff and
// series tests drive it over 127.0.0.1 while capturing /debug/pprof/ and expect the leaks to be confirmed by growth.
//
//	GET /lookup      starts a lookup goroutine, then returns early when the request has no key: the lookup blocks
//	                 forever sending its result on an unbuffered channel nobody receives from (GG001, 1 per call).
//	GET /status      checks an upstream with a client request whose response body is never closed, so every call
//	                 leaves a persistConn readLoop/writeLoop goroutine pair behind (GG010, 2 per call).
//	GET /search?n=N  asks N replicas and keeps the first answer; the other N-1 replica goroutines block forever
//	                 sending on the shared unbuffered channel (GG015, the N-cast variant of GG001: N-1 per call).
//
// It prints "listening http://ADDR" on stdout once it accepts connections.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // the endpoint under test
	"strconv"
)

func expensiveLookup(key string) string { return "value of " + key }

func lookup(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	result := make(chan string)
	go func() {
		result <- expensiveLookup(key) // LEAK GG001: nobody receives after the early return below
	}()
	if key == "" {
		http.Error(w, "missing key", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, <-result)
}

func replica(i int) string { return "answer from replica " + strconv.Itoa(i) }

func search(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 {
		n = 5
	}
	results := make(chan string) // unbuffered: only the first sender is ever received
	for i := 0; i < n; i++ {
		go func(i int) {
			results <- replica(i) // LEAK GG015: all but the first sender block forever
		}(i)
	}
	fmt.Fprintln(w, <-results)
}

// client has no Timeout on purpose: a client timeout would also cancel the unread bodies and end the leak.
var client = &http.Client{Transport: &http.Transport{}}

func status(upstream string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := client.Get(upstream + "/health")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		fmt.Fprintf(w, "upstream %d\n", resp.StatusCode) // LEAK GG010: resp.Body is never closed
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

	http.HandleFunc("/lookup", lookup)
	http.HandleFunc("/search", search)
	http.HandleFunc("/status", status("http://"+upstream.Addr().String()))
	ln := listen(*addr)
	fmt.Printf("listening http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
