// Kernel reduced from peak/s5cmd PR #370 "fix: close result channel to fix hang" (2021). The `select` command
// streams query results to a writer goroutine through resultCh and waits on writeDoneCh; the producer never
// closed resultCh, so the writer's receive hangs, writeDoneCh is never closed, and the command never completes.
// Fix: close the result channel when the query is done.
package bad

import (
	"context"
	"strings"
)

type s3Client struct{ records []string }

// Select runs the query and sends every record on resultCh.
func (c *s3Client) Select(ctx context.Context, query string, resultCh chan<- string) error {
	for _, r := range c.records {
		if strings.Contains(r, query) {
			select {
			case resultCh <- r:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

type Select struct {
	client *s3Client
	out    strings.Builder
}

func (s *Select) Run(ctx context.Context, query string) error {
	resultCh := make(chan string)
	writeDoneCh := make(chan struct{})
	go func() {
		defer close(writeDoneCh)
		for {
			r, ok := <-resultCh // BLOCKS: chan-recv
			if !ok {
				return
			}
			s.out.WriteString(r + "\n")
		}
	}()
	err := s.client.Select(ctx, query, resultCh)
	<-writeDoneCh // BLOCKS: chan-recv
	return err
}

func Run() {
	s := &Select{client: &s3Client{records: []string{`{"id":1,"name":"a"}`, `{"id":2,"name":"b"}`}}}
	_ = s.Run(context.Background(), `"name"`)
}
