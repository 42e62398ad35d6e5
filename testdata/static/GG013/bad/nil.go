package bad

func Wait() int {
	var ch chan int
	go func() {
		ch <- 1 // want GG013
	}()
	return <-ch // want GG013
}

func Drain() {
	var done chan struct{}
	for range done { // want GG013
	}
}
