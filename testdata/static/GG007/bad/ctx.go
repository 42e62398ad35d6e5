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
