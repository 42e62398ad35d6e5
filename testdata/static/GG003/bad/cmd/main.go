// Command cmd registers an HTTP handler inline in main. The handler runs once per request, and each request
// starts a watcher goroutine whose for-select has no exit: main's exemption (goroutines that live as long as the
// process) does not cover it. Run, it serves three requests in process and prints how many goroutines they left.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"time"
)

func main() {
	updates := make(chan string)
	mux := http.NewServeMux()
	mux.HandleFunc("/watch", func(w http.ResponseWriter, r *http.Request) {
		go func() {
			tick := time.NewTicker(time.Hour)
			defer tick.Stop()
			for { // want GG003
				select {
				case u := <-updates:
					_ = u
				case <-tick.C:
				}
			}
		}()
		fmt.Fprintln(w, "watching")
	})
	before := runtime.NumGoroutine()
	for i := 0; i < 3; i++ {
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/watch", nil))
	}
	time.Sleep(50 * time.Millisecond)
	fmt.Println("leaked", runtime.NumGoroutine()-before)
}
