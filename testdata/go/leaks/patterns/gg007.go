package patterns

import "context"

// GG007: an upload handler starts an audit goroutine with a fresh context.Background(), so the
// request's cancellation never reaches it, and the cancel func of its own context is dropped.

type auditor struct {
	sink chan string // drained by nobody in this process
}

func handleUpload(reqCtx context.Context, a *auditor, name string) {
	_ = reqCtx
	ctx, cancel := context.WithCancel(context.Background()) // GG007: should derive from reqCtx
	_ = cancel                                              // GG007: cancel is never called
	go a.record(ctx, name)
}

func (a *auditor) record(ctx context.Context, name string) {
	select {
	case a.sink <- name:
	case <-ctx.Done(): // never fires: nobody cancels ctx
	}
}

func startGG007(_ *Env) {
	a := &auditor{sink: make(chan string)}
	for i := 0; i < 5; i++ {
		reqCtx, cancelReq := context.WithCancel(context.Background())
		handleUpload(reqCtx, a, "upload.bin")
		cancelReq() // the request ends; the audit goroutine does not notice
	}
}
