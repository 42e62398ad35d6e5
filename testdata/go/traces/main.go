// Command traces runs a small service-like workload under runtime/trace and writes the trace to a file. Modes:
//
//	traces leak    out.trace   two leaks: a quote handler that returns on its deadline while its helper still
//	                           sends the result (GG001, one goroutine per request), and a log shipper ranging over
//	                           a channel its producer never closes (GG002, once); plus request goroutines that end.
//	traces healthy out.trace   the same workload written correctly: every goroutine it starts has ended when the
//	                           trace stops.
//
// The traces in testdata/traces were made by testdata/traces/generate.sh with several Go toolchains.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/trace"
	"sync"
	"time"
)

const requests = 40

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: traces leak|healthy OUT")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	switch os.Args[1] {
	case "leak":
		leaky()
	case "healthy":
		healthy()
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
	time.Sleep(20 * time.Millisecond) // let the leaked goroutines settle into their final block
	trace.Stop()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func leaky() {
	logs := make(chan string)
	go shipLogs(logs) // GG002: nobody closes logs
	var wg sync.WaitGroup
	for i := 0; i < requests; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = quoteHandler(context.Background(), i)
			logs <- fmt.Sprint("request ", i)
		}()
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
}

func healthy() {
	logs := make(chan string)
	done := make(chan struct{})
	go func() { shipLogs(logs); close(done) }()
	var wg sync.WaitGroup
	for i := 0; i < requests; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = quoteHandlerFixed(context.Background(), i)
			logs <- fmt.Sprint("request ", i)
		}()
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	close(logs)
	<-done
}

type quote struct{ price int }

// quoteHandler answers within 2ms or gives up; its helper then blocks on the unbuffered send forever.
func quoteHandler(ctx context.Context, id int) (quote, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Millisecond)
	defer cancel()
	result := make(chan quote)
	go fetchQuote(ctx, id, result)
	select {
	case q := <-result:
		return q, nil
	case <-ctx.Done():
		return quote{}, ctx.Err()
	}
}

// quoteHandlerFixed gives the helper a buffer of one, so its send never blocks.
func quoteHandlerFixed(ctx context.Context, id int) (quote, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Millisecond)
	defer cancel()
	result := make(chan quote, 1)
	go fetchQuote(ctx, id, result)
	select {
	case q := <-result:
		return q, nil
	case <-ctx.Done():
		return quote{}, ctx.Err()
	}
}

func fetchQuote(ctx context.Context, id int, result chan quote) {
	<-ctx.Done() // the backend is slower than the deadline
	result <- quote{price: id}
}

func shipLogs(logs chan string) {
	n := 0
	for line := range logs {
		n += len(line)
	}
}
