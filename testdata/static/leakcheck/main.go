// Command leakcheck runs bad and good rule cases and prints how many goroutines each leaves behind, so the tests
// can confirm at run time that what the static rules flag really leaks (and what they accept does not).
package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	bad1 "example.com/ggtestdata/GG001/bad"
	good1 "example.com/ggtestdata/GG001/good"
	bad2 "example.com/ggtestdata/GG002/bad"
	good2 "example.com/ggtestdata/GG002/good"
	bad15 "example.com/ggtestdata/GG015/bad"
	good15 "example.com/ggtestdata/GG015/good"
)

func leaked(f func()) int {
	settle := func() int {
		for i := 0; i < 50; i++ {
			runtime.Gosched()
			time.Sleep(time.Millisecond)
		}
		return runtime.NumGoroutine()
	}
	before := settle()
	f()
	return settle() - before
}

func main() {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	const calls = 64
	cases := []struct {
		name string
		f    func()
	}{
		{"GG001/bad.FetchCtx", func() {
			for i := 0; i < calls; i++ {
				_, _ = bad1.FetchCtx(cancelled)
			}
		}},
		{"GG001/good.Buffered", func() {
			for i := 0; i < calls; i++ {
				_, _ = good1.Buffered(cancelled)
			}
		}},
		{"GG002/bad.Pool", func() { bad2.Pool([]int{1, 2, 3}) }},
		{"GG002/good.Pool", func() { good2.Pool([]int{1, 2, 3}) }},
		{"GG015/bad.First", func() { bad15.First([]string{"a", "b", "c"}) }},
		{"GG015/good.First", func() { good15.First([]string{"a", "b", "c"}) }},
	}
	for _, c := range cases {
		fmt.Printf("%s %d\n", c.name, leaked(c.f))
	}
}
