package good

// Reduced from runtime/chan_test.go (benchmarkChanProdCons): each producer sends a run of 1s and then a 0, and
// its consumer leaves when it reads the 0, the value the producer sends last. The consumer's exit is the
// producer's decision: no send is left waiting.
func ProdCons(procs, n int) int {
	myc := make(chan int)
	c := make(chan int, 2*procs)
	for p := 0; p < procs; p++ {
		go func() {
			for i := 0; i < n; i++ {
				myc <- 1
			}
			myc <- 0
			c <- 0
		}()
		go func() {
			sum := 0
			for {
				v := <-myc
				if v == 0 {
					break
				}
				sum += v
			}
			c <- sum
		}()
	}
	total := 0
	for p := 0; p < 2*procs; p++ {
		total += <-c
	}
	return total
}
