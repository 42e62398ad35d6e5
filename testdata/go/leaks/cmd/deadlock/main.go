// Command deadlock ends in the runtime's own crash dump, "fatal error: all goroutines are
// asleep - deadlock!", which lists every goroutine. It imports nothing network-related on
// purpose: in our runs (Go 1.20 and 1.26) a binary that merely imports net/http never got this
// report, so leakdemo cannot produce it.
package main

import (
	"fmt"
	"sync"
)

func square(i int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	results <- i * i // blocks: the only reader waits for wg first
}

func main() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go square(i, results, &wg)
	}
	wg.Wait() // deadlock: senders wait for the reader, the reader waits for the senders
	close(results)
	for r := range results {
		fmt.Println(r)
	}
}
