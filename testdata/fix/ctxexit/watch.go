// Package ctxexit forwards events until... never: the for-select has no way out.
package ctxexit

import "context"

// Forward copies events to out while ctx lives.
func Forward(ctx context.Context, events <-chan int, out func(int)) {
	go func() {
		for {
			select {
			case e := <-events:
				out(e)
			}
		}
	}()
}
