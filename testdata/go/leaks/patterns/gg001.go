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

// quoteHandler is the body of an HTTP handler: it answers within 5ms or gives up.
func quoteHandler(ctx context.Context, id int) (quote, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	result := make(chan quote)
	go fetchQuote(id, result)
	select {
	case q := <-result:
		return q, nil
	case <-ctx.Done():
		return quote{}, errQuoteTimeout
	}
}

func fetchQuote(id int, result chan quote) {
	time.Sleep(20 * time.Millisecond) // the backend is slower than the handler's deadline
	result <- quote{price: id}        // GG001: the handler has returned; nobody receives
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
