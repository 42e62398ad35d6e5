// Fixed version of mesosphere-backup/dcos-signal-01 PR #42: the channel is closed when all workers are done.
package fixed

import "sync"

type report struct {
	name string
	ok   bool
}

type reporter interface{ Report() report }

type static struct{ name string }

func (s static) Report() report { return report{name: s.name, ok: true} }

func runReporters(reporters []reporter) map[string]bool {
	done := make(chan report)
	var wg sync.WaitGroup
	for _, r := range reporters {
		wg.Add(1)
		go func(r reporter) {
			defer wg.Done()
			done <- r.Report()
		}(r)
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	results := map[string]bool{}
	for {
		rep, ok := <-done
		if !ok {
			break
		}
		results[rep.name] = rep.ok
	}
	return results
}

func Run() {
	_ = runReporters([]reporter{static{"cosmos"}, static{"diagnostics"}, static{"mesos"}})
}
