package patterns

// GG002: a worker pool ranges over a jobs channel that its owner never closes; once the
// batch is done the workers wait for more jobs forever and the function that made them is gone.

type resizeJob struct{ id int }

func resizeImages(n, workers int) {
	jobs := make(chan resizeJob)
	done := make(chan struct{}, n)
	for w := 0; w < workers; w++ {
		go resizeWorker(jobs, done)
	}
	for i := 0; i < n; i++ {
		jobs <- resizeJob{id: i}
	}
	for i := 0; i < n; i++ {
		<-done
	}
	// GG002: missing close(jobs)
}

func resizeWorker(jobs <-chan resizeJob, done chan<- struct{}) {
	for j := range jobs { // GG002: ranges forever, jobs is never closed
		_ = j.id
		done <- struct{}{}
	}
}

func startGG002(_ *Env) {
	resizeImages(20, 5)
}
