package good

// A nil channel disables a select case: the idiom.
func Merge(a, b <-chan int, out chan<- int) {
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out <- v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out <- v
		}
	}
}

// Assigned before use.
func Later(ready bool) int {
	var ch chan int
	if ready {
		ch = make(chan int, 1)
	}
	ch <- 1
	return <-ch
}

func Optional(enable bool) <-chan int {
	var ch chan int
	if enable {
		ch = make(chan int)
	}
	return ch
}
