package patterns

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"
)

// Fixed versions of the most common patterns: each one's goroutines end on their own, so a dump
// taken after they ran shows only the benign goroutines (and one idle keep-alive connection).

func quoteHandlerFixed(ctx context.Context, id int) (quote, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	result := make(chan quote, 1) // fixed: the late send lands in the buffer
	go fetchQuote(ctx, id, result)
	select {
	case q := <-result:
		return q, nil
	case <-ctx.Done():
		return quote{}, errQuoteTimeout
	}
}

func resizeImagesFixed(n, workers int) {
	jobs := make(chan resizeJob)
	done := make(chan struct{}, n)
	for w := 0; w < workers; w++ {
		go resizeWorker(jobs, done)
	}
	for i := 0; i < n; i++ {
		jobs <- resizeJob{id: i}
	}
	close(jobs) // fixed: the owner closes
	for i := 0; i < n; i++ {
		<-done
	}
}

func eventLoopFixed(ctx context.Context, events <-chan string) {
	for {
		select {
		case <-events:
		case <-ctx.Done(): // fixed: exit case
			return
		}
	}
}

func checkHostsFixed(hosts []string) {
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func(h string) {
			defer wg.Done() // fixed: Done on every path
			_ = h
		}(h)
	}
	wg.Wait()
}

func checkStatusFixed(client *http.Client, url string) int {
	resp, err := client.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close() // fixed
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func firstReplicaFixed(replicas []string) string {
	answers := make(chan string, len(replicas)) // fixed: room for every sender
	for _, r := range replicas {
		go func(r string) { answers <- queryReplica(r) }(r)
	}
	return <-answers
}

func startClean(env *Env) {
	startBenign(env)
	for i := 0; i < 10; i++ {
		_, _ = quoteHandlerFixed(context.Background(), i)
	}
	resizeImagesFixed(20, 5)
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan string)
	for i := 0; i < 3; i++ {
		go eventLoopFixed(ctx, events)
	}
	events <- "started"
	cancel()
	checkHostsFixed([]string{"a.internal", "", "c.internal"})
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; i < 5; i++ {
		checkStatusFixed(client, env.FastURL)
	}
	_ = firstReplicaFixed([]string{"r1", "r2", "r3", "r4", "r5"})
}
