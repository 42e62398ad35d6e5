// Command cmd starts one watcher goroutine from main itself: it lives as long as the process, by design, however
// many requests the inline handler serves.
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
	before := runtime.NumGoroutine()
	go func() {
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			select {
			case u := <-updates:
				_ = u
			case <-tick.C:
			}
		}
	}()
	mux := http.NewServeMux()
	mux.HandleFunc("/watch", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "watching") })
	for i := 0; i < 3; i++ {
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/watch", nil))
	}
	time.Sleep(50 * time.Millisecond)
	fmt.Println("leaked", runtime.NumGoroutine()-before-1) // the process-lifetime watcher is not a leak
}
