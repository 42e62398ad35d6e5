package good

import "context"

func work(ctx context.Context, id string) error { return ctx.Err() }

func Handle(ctx context.Context, id string) {
	go work(ctx, id)
}

// No request context in scope: a background job owns its lifetime.
func StartJanitor() {
	go work(context.Background(), "janitor")
}

// Background outside the goroutine is not this rule's business.
func Detached(ctx context.Context, id string) error {
	return work(context.Background(), id)
}

type auditor struct{}

func (a *auditor) record(ctx context.Context, name string) {}

// Derived from the request context.
func Upload(reqCtx context.Context, a *auditor, name string) {
	ctx, cancel := context.WithCancel(reqCtx)
	defer cancel()
	go a.record(ctx, name)
}
