package good

import "time"

// A buffer of one: the callback never blocks.
func WaitOrTimeout(done <-chan struct{}) bool {
	timeout := make(chan bool, 1)
	t := time.AfterFunc(time.Second, func() { timeout <- true })
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-timeout:
		return false
	}
}

// The callback closes instead of sending.
func Closes(done <-chan struct{}) bool {
	timeout := make(chan struct{})
	time.AfterFunc(time.Second, func() { close(timeout) })
	select {
	case <-done:
		return true
	case <-timeout:
		return false
	}
}
