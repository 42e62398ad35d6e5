// Fixed version of peak/s5cmd PR #370: the producer closes resultCh, which ends the writer.
package fixed

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
			r, ok := <-resultCh
			if !ok {
				return
			}
			s.out.WriteString(r + "\n")
		}
	}()
	err := s.client.Select(ctx, query, resultCh)
	close(resultCh)
	<-writeDoneCh
	return err
}

func Run() {
	s := &Select{client: &s3Client{records: []string{`{"id":1,"name":"a"}`, `{"id":2,"name":"b"}`}}}
	_ = s.Run(context.Background(), `"name"`)
}
