// Fixed version of google/trillian PR #1407: the loop tests the context with ctx.Err() and logs the error.
package fixed

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
			if ctx.Err() != nil {
				return
			}
			o.mu.Lock()
			o.errors = append(o.errors, err)
			o.mu.Unlock()
		}
	}
}

func Run() {
	o := &OperationManager{runErr: errors.New("failed to get active log IDs: connection refused")}
	o.OperationLoop(context.Background())
}
