package bad

import "context"

// A retry loop meant to stop on cancellation: the ok test reads like a check, but the receive waits until the
// context is cancelled, and a root context never is.
func Retry(ctx context.Context, try func() error) []error {
	var errs []error
	for i := 0; i < 3; i++ {
		if err := try(); err != nil {
			if _, ok := <-ctx.Done(); !ok { // want GG002
				return errs
			}
			errs = append(errs, err)
		}
	}
	return errs
}
