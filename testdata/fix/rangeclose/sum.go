// Package rangeclose sums what a producer sends; nobody closes the channel, so the summing loop never ends.
package rangeclose

// Sum adds up xs in a background goroutine and reports each partial sum.
func Sum(xs []int, partial func(int)) {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
	}()
	go func() {
		total := 0
		for x := range ch {
			total += x
			partial(total)
		}
	}()
}
