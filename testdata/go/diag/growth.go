package main

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"sync"
	"time"
)

// A service with a healthy worker pool, short-lived request goroutines, and a leak: every lookup starts a
// goroutine that sends its answer on an unbuffered channel the caller stopped reading after a timeout.

var pool = make(chan func())

func worker() {
	for job := range pool {
		job()
	}
}

func lookup(timeout time.Duration) {
	answer := make(chan string)
	go func() {
		answer <- fetch() // leaks when lookup has timed out: nobody receives
	}()
	select {
	case <-answer:
	case <-time.After(timeout):
	}
}

func fetch() string {
	time.Sleep(time.Millisecond)
	return "ok"
}

// churn starts request goroutines that finish quickly: they come and go between samples.
func churn(n int, wg *sync.WaitGroup) {
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(1+rand.Intn(5)) * time.Millisecond)
		}()
	}
}

func growth(out string, samples int, every time.Duration) {
	for i := 0; i < 8; i++ {
		go worker()
	}
	// Leaked goroutines per sample: about 90 → 610 goroutines in all over 4 samples.
	step := 520 / max(1, samples-1)
	leaked := 0
	var wg sync.WaitGroup
	for s := 0; s < samples; s++ {
		target := 80 + s*step
		var requests sync.WaitGroup
		for leaked < target {
			requests.Add(1)
			go func() { // one request: its lookup times out at once, and the lookup's sender leaks
				defer requests.Done()
				lookup(0)
			}()
			leaked++
		}
		requests.Wait()
		churn(5, &wg)
		settle()
		write(filepath.Join(out, sampleName(time.Now())), 2)
		if s < samples-1 {
			time.Sleep(every)
		}
	}
	wg.Wait()
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// sampleName is the capture naming goroutine-guard reads the sample time from: goroutine_<unix>.<ms>.txt.
func sampleName(t time.Time) string {
	return fmt.Sprintf("goroutine_%d.%03d.txt", t.Unix(), t.Nanosecond()/1e6)
}
