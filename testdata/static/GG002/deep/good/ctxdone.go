package good

import "context"

// The loop tests the context without waiting.
func Retry(ctx context.Context, try func() error) []error {
	var errs []error
	for i := 0; i < 3; i++ {
		if err := try(); err != nil {
			if ctx.Err() != nil {
				return errs
			}
			errs = append(errs, err)
		}
	}
	return errs
}

// A deliberate wait for cancellation, and a non-blocking test in a select.
func Park(ctx context.Context) bool {
	select {
	case _, ok := <-ctx.Done():
		return !ok
	default:
	}
	<-ctx.Done()
	return true
}
