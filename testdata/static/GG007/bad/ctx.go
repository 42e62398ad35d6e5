package bad

import (
	"context"
	"net/http"
)

func work(ctx context.Context, id string) error { return ctx.Err() }

func Handle(ctx context.Context, id string) {
	go work(context.Background(), id) // want GG007
}

func ServeHTTP(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = work(context.TODO(), r.URL.Path) // want GG007
	}()
}

type auditor struct{ sink chan string }

func (a *auditor) record(ctx context.Context, name string) {}

// A context derived from Background, not from the request, handed to the goroutine.
func Upload(reqCtx context.Context, a *auditor, name string) {
	ctx, cancel := context.WithCancel(context.Background()) // want GG007
	defer cancel()
	go a.record(ctx, name)
}
