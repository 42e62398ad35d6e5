package patterns

import "time"

// GG006: a time.AfterFunc callback reports on a channel nobody reads; each callback goroutine
// (created by time.goFunc) blocks forever, and the dropped *Timer cannot be stopped.

type session struct {
	id      int
	expired chan int
}

func scheduleExpiry(s *session) {
	time.AfterFunc(time.Millisecond, func() {
		s.expired <- s.id // GG006: nobody receives on s.expired
	})
}

func startGG006(_ *Env) {
	for i := 0; i < 5; i++ {
		scheduleExpiry(&session{id: i, expired: make(chan int)})
	}
}
