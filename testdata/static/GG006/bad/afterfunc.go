package bad

import "time"

// The callback's send has no receiver once the caller took the other case.
func WaitOrTimeout(done <-chan struct{}) bool {
	timeout := make(chan bool)
	time.AfterFunc(time.Second, func() {
		timeout <- true // want GG006
	})
	select {
	case <-done:
		return true
	case <-timeout:
		return false
	}
}
