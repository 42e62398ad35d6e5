// Package xtest is tested only from an external test package (package xtest_test).
package xtest

// Poll starts a loop that selects forever with no exit case.
func Poll(events <-chan int, errs <-chan error) {
	go func() {
		for {
			select {
			case <-events:
			case <-errs:
			}
		}
	}()
}
