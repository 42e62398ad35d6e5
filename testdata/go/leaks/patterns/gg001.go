package patterns

import (
	"context"
	"errors"
	"runtime/pprof"
	"time"
)

// GG001: a request handler hands the slow part to a goroutine that sends its result on an
// unbuffered channel; the handler gives up on its deadline and returns, so the send blocks forever.

var errQuoteTimeout = errors.New("quote: backend too slow")

type quote struct{ price int }

// quoteHandler is the body of an HTTP handler: it answers within 20ms or gives up.
func quoteHandler(ctx context.Context, id int) (quote, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	result := make(chan quote)
	go fetchQuote(ctx, id, result)
	select {
	case q := <-result:
		return q, nil
	case <-ctx.Done():
		return quote{}, errQuoteTimeout
	}
}

func fetchQuote(ctx context.Context, id int, result chan quote) {
	q, _ := callPricingBackend(ctx, id) // returns at the deadline: the backend is slower
	result <- q                         // GG001: the handler has returned; nobody receives
}

// callPricingBackend stands for an RPC that honours ctx; the backend never answers in time.
// (When ctx ends, the handler's select is woken in the same close, before this returns, so the
// handler always takes the timeout case: the leak is deterministic.)
func callPricingBackend(ctx context.Context, id int) (quote, error) {
	select {
	case <-time.After(time.Second):
		return quote{price: id}, nil
	case <-ctx.Done():
		return quote{}, ctx.Err()
	}
}

func startGG001(_ *Env) {
	// The handler runs under pprof labels like a real server's middleware would set;
	// goroutines it starts inherit them.
	pprof.Do(context.Background(), pprof.Labels("handler", "/quote", "service", "pricing"), func(ctx context.Context) {
		for i := 0; i < 10; i++ {
			_, _ = quoteHandler(ctx, i)
		}
	})
}
