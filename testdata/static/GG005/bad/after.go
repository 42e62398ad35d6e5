package bad

import "time"

func Consume(in <-chan int) {
	for {
		select {
		case v := <-in:
			_ = v
		case <-time.After(time.Minute): // want GG005
			return
		}
	}
}
