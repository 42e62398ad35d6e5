// Kernel reduced from mesosphere-backup/dcos-signal-01 PR #42 "Fixed deadlock when processing workers" (2019):
// "2615bc7 introduced a deadlock since the `done` channel is never closed and the loop just sits there waiting
// for more data from the channel." Reporter workers send their results on a channel the collector ranges over;
// nothing closes it once every worker has finished, so the collector (and the signal run) never completes.
// Fix: close the channel after the workers' WaitGroup reaches zero.
package bad

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
	results := map[string]bool{}
	for {
		rep, ok := <-done // BLOCKS: chan-recv
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
