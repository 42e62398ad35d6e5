package good

import "sync"

func fetch(url string) error { return nil }

func FetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fetch(u); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// The WaitGroup is handed to the worker.
func worker(wg *sync.WaitGroup, u string) {
	defer wg.Done()
	_ = fetch(u)
}

func Pass(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go worker(&wg, u)
	}
	wg.Wait()
}

// Done before the return on that path.
func Early(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			if u == "" {
				wg.Done()
				return
			}
			_ = fetch(u)
			wg.Done()
		}()
	}
	wg.Wait()
}

type group struct{ wg sync.WaitGroup }

func (g *group) done() { g.wg.Done() }

// Done is called through a method of the WaitGroup's owner.
func (g *group) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.done()
		f()
	}()
}
