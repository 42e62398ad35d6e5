// Kernel reduced from google/trillian PR #1407 "Fix OperationLoop error hiding hang" (2019): "`_, ok <-ctx.Done()`
// will block until the context is canceled. This particular context, however, will not close until the binary
// exits, effectively hiding the error message and hanging the goroutine." On an error, the loop meant to check
// whether it was cancelled, but a receive from Done blocks instead of testing.
// Fix: test the context without blocking (ctx.Err()) and report the error.
package bad

import (
	"context"
	"errors"
	"sync"
)

type OperationManager struct {
	mu     sync.Mutex
	errors []error
	runErr error
	passes int
}

func (o *OperationManager) getLogsAndExecutePass(ctx context.Context) error {
	o.passes++
	return o.runErr
}

func (o *OperationManager) OperationLoop(ctx context.Context) {
	for o.passes < 3 {
		if err := o.getLogsAndExecutePass(ctx); err != nil {
			if _, ok := <-ctx.Done(); !ok { // BLOCKS: chan-recv
				return // shutting down
			}
			o.mu.Lock()
			o.errors = append(o.errors, err)
			o.mu.Unlock()
		}
	}
}

func Run() {
	o := &OperationManager{runErr: errors.New("failed to get active log IDs: connection refused")}
	o.OperationLoop(context.Background()) // the server's root context: cancelled only at exit
}
