// Command leakcheck runs bad and good rule cases and prints how many goroutines each leaves behind, so the tests
// can confirm at run time that what the static rules flag really leaks (and what they accept does not).
package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	bad1 "example.com/ggtestdata/GG001/bad"
	bad1deep "example.com/ggtestdata/GG001/deep/bad"
	good1deep "example.com/ggtestdata/GG001/deep/good"
	good1 "example.com/ggtestdata/GG001/good"
	bad2 "example.com/ggtestdata/GG002/bad"
	bad2deep "example.com/ggtestdata/GG002/deep/bad"
	good2deep "example.com/ggtestdata/GG002/deep/good"
	good2 "example.com/ggtestdata/GG002/good"
	bad12deep "example.com/ggtestdata/GG012/deep/bad"
	good12deep "example.com/ggtestdata/GG012/deep/good"
	bad13deep "example.com/ggtestdata/GG013/deep/bad"
	good13deep "example.com/ggtestdata/GG013/deep/good"
	bad15 "example.com/ggtestdata/GG015/bad"
	good15 "example.com/ggtestdata/GG015/good"
	bad16 "example.com/ggtestdata/GG016/bad"
	good16 "example.com/ggtestdata/GG016/good"
	bad17 "example.com/ggtestdata/GG017/bad"
	bad17deep "example.com/ggtestdata/GG017/deep/bad"
	good17deep "example.com/ggtestdata/GG017/deep/good"
	good17 "example.com/ggtestdata/GG017/good"
	bad18 "example.com/ggtestdata/GG018/bad"
	bad18deep "example.com/ggtestdata/GG018/deep/bad"
	good18deep "example.com/ggtestdata/GG018/deep/good"
	good18 "example.com/ggtestdata/GG018/good"
	bad19 "example.com/ggtestdata/GG019/bad"
	good19 "example.com/ggtestdata/GG019/good"
	bad20 "example.com/ggtestdata/GG020/bad"
	good20 "example.com/ggtestdata/GG020/good"
)

// race runs a and b in loops on goroutines of their own (two each), as concurrent request paths would, until all
// finish or they have been stuck for a while (a deadlock leaves them behind).
func race(n int, a, b func()) {
	fs := []func(){a, b, a, b}
	done := make(chan struct{}, len(fs))
	for _, f := range fs {
		go func(f func()) {
			for i := 0; i < n; i++ {
				f()
			}
			done <- struct{}{}
		}(f)
	}
	deadline := time.NewTimer(3 * time.Second)
	defer deadline.Stop()
	for range fs {
		select {
		case <-done:
		case <-deadline.C:
			return
		}
	}
}

// later runs f on a goroutine after the goroutines already started got going.
func later(f func()) {
	time.Sleep(20 * time.Millisecond)
	go f()
}

// waitBlocked waits (up to 10 s) until some goroutine whose stack names fn is parked in state (e.g. "[chan send").
func waitBlocked(fn, state string) {
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, state) && strings.Contains(g, fn) {
				return
			}
		}
	}
}

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

func failing() error { return errors.New("connection refused") }

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
		{"GG002/deep/bad.Client", func() { c := bad2deep.NewClient(); c.Send("a"); c.Close() }},
		{"GG002/deep/good.Client", func() { c := good2deep.NewClient(); c.Send("a"); c.Close() }},
		{"GG002/deep/bad.Poller", func() { p := &bad2deep.Poller{}; p.Start(); time.Sleep(5 * time.Millisecond); p.Stop() }},
		{"GG002/deep/good.Poller", func() { p := &good2deep.Poller{}; p.Start(); time.Sleep(5 * time.Millisecond); p.Stop() }},
		{"GG002/deep/bad.Pipeline", func() { p := bad2deep.Start(); p.Add(1); p.Stop() }},
		{"GG002/deep/good.Pipeline", func() {
			p := good2deep.Start()
			p.Add(1)
			p.Stop()
			good2deep.NewServer().Close()
		}},
		{"GG002/deep/bad.Check", func() { go bad2deep.Check(func() error { return nil }) }},
		{"GG002/deep/good.Check", func() {
			go good2deep.Check(func() error { return nil })
			go good2deep.Ready(func() error { return nil })
		}},
		{"GG002/deep/bad.Copy", func() { go bad2deep.Copy([]string{"a", "b"}) }},
		{"GG002/deep/good.Copy", func() { go good2deep.Copy([]string{"a", "b"}); go good2deep.Until(3) }},
		{"GG015/bad.First", func() { bad15.First([]string{"a", "b", "c"}) }},
		{"GG015/good.First", func() { good15.First([]string{"a", "b", "c"}) }},
		{"GG015/good.Collect", func() { good15.Collect([]string{"a", "b", "c"}) }},
		{"GG001/good.Consume", func() {
			for i := 0; i < calls; i++ {
				_ = good1.Consume("a\nb\nc", func(string) {})
			}
		}},
		{"GG001/deep/bad.FetchMaybe", func() {
			for i := 0; i < calls; i++ {
				_, _ = bad1deep.FetchMaybe(cancelled, false)
			}
		}},
		{"GG001/deep/bad.Replay", func() { _ = bad1deep.Replay([]string{"a", "", "b", "c"}) }},
		{"GG001/deep/good.Replay", func() { _ = good1deep.Replay([]string{"a", "", "b", "c"}) }},
		{"GG001/deep/good.Count", func() { _ = good1deep.Count([]string{"a", "", "b", "c"}) }},
		{"GG001/deep/bad.Synced", func() { _ = bad1deep.Synced(5 * time.Millisecond) }},
		{"GG001/deep/good.Synced", func() { _ = good1deep.Synced(5 * time.Millisecond) }},
		{"GG001/deep/good.Fanout", func() { _ = good1deep.Fanout(3) }},
		{"GG001/deep/bad.WaitResolved", bad1deep.WaitResolved},
		{"GG001/deep/good.Sum", func() { _ = good1deep.Sum(5) }},
		{"GG001/deep/good.Tally", func() { _ = good1deep.Tally(5) }},
		{"GG001/deep/good.ProdCons", func() { _ = good1deep.ProdCons(3, 50) }},
		{"GG002/deep/bad.Serve", func() { go func() { _ = bad2deep.Serve("ftp") }() }},
		{"GG002/deep/good.Serve", func() { _ = good2deep.Serve("http"); _ = good2deep.Serve("https") }},
		{"GG002/deep/bad.Service", func() { s := &bad2deep.Service{}; s.Start(); s.Publish("a"); s.Stop() }},
		{"GG002/deep/good.Service", func() {
			s := &good2deep.Service{}
			s.Start()
			s.Publish("a")
			s.Stop()
			good2deep.NewFeed().Close()
		}},
		{"GG002/deep/bad.Watch", func() { bad2deep.Watch(func() {}) }},
		{"GG002/deep/bad.Retry", func() { go bad2deep.Retry(context.Background(), failing) }},
		{"GG002/deep/good.Dispatch", func() { good2deep.Dispatch([]string{"a", "b", "a"}) }},
		{"GG002/deep/good.Retry", func() { go good2deep.Retry(context.Background(), failing) }},
		{"GG002/deep/good.Watch", func() { good2deep.Watch(cancelled, func() {}) }},
		{"GG002/deep/bad.Daemon", func() {
			for i := 0; i < calls; i++ {
				_, _ = bad2deep.Words("a b")
			}
		}},
		{"GG002/deep/good.Daemon", func() { // the two workers started on first use (below) serve every call
			for i := 0; i < calls; i++ {
				_, _ = good2deep.Len("a b")
			}
		}},
		{"GG002/deep/bad.Node", func() { n := &bad2deep.Node{}; n.Start(); n.Stop() }},
		{"GG002/deep/good.Node", func() { n := &good2deep.Node{}; n.Start(); n.Stop() }},
		{"GG002/deep/bad.Transport", func() { t := bad2deep.Open(); t.Submit("a"); t.Close() }},
		{"GG002/deep/good.Transport", func() {
			t := good2deep.Open()
			go func() { <-t.Consumer() }()
			t.Submit("a")
			t.Submit("b")
			t.Close()
		}},
		{"GG013/deep/bad.Processor", func() { p := &bad13deep.Processor{}; p.Open(); go p.Close() }},
		{"GG013/deep/good.Processor", func() {
			p := &good13deep.Processor{}
			p.Open()
			go p.Close()
			a, b := make(chan int, 1), make(chan int)
			a <- 1
			close(a)
			close(b)
			_ = good13deep.Merge(a, b)
		}},
		{"GG012/deep/bad.Ledger", func() { l := &bad12deep.Ledger{}; _ = l.Post(-1); go l.Balance() }},
		{"GG012/deep/good.Readers", func() { go good12deep.Readers(3) }},
		{"GG012/deep/good.Ledger", func() { l := &good12deep.Ledger{}; _ = l.Post(-1); go l.Balance() }},
		{"GG016/bad.Hub", func() { h := bad16.NewHub(); go h.Publish("a"); later(func() { h.Drain(1) }) }},
		{"GG016/good.Hub", func() { h := good16.NewHub(); go h.Publish("a"); later(func() { h.Drain(1) }) }},
		{"GG016/good.Pool", func() { p := good16.NewPool(); go p.Get(); later(p.Put) }},
		{"GG016/bad.Tokens", func() {
			// Put starts once the waiter is registered, and the waiter goes on only once Put holds the lock and
			// sends (a fixed pause lost that race on a loaded machine: the waiter took the lock first, no leak).
			t := &bad16.Tokens{}
			t.OnWait = func() { go t.Put(); waitBlocked("(*Tokens).Put", "[chan send") }
			go t.Get()
			time.Sleep(150 * time.Millisecond)
		}},
		{"GG016/good.Tokens", func() {
			t := &good16.Tokens{}
			t.OnWait = func() { go t.Put(); time.Sleep(100 * time.Millisecond) }
			done := make(chan struct{})
			go func() { t.Get(); close(done) }()
			select {
			case <-done:
			case <-time.After(3 * time.Second):
			}
			if !good16.CheckSet() {
				panic("GG016/good.CheckSet")
			}
		}},
		{"GG016/bad.Watcher", func() {
			w := &bad16.Watcher{}
			ch := w.Subscribe()
			go w.Set(1)
			later(func() { bad16.Consume(w, ch, 1) })
		}},
		{"GG016/good.Watcher", func() {
			w := &good16.Watcher{}
			ch := w.Subscribe()
			go w.Set(1)
			later(func() { good16.Consume(w, ch, 1) })
		}},
		{"GG017/bad.Bank", func() {
			a := &bad17.Account{}
			b := bad17.NewBank(a)
			race(1000000, func() { b.Audit() }, func() { a.Deposit(b, 1) })
		}},
		{"GG017/good.Bank", func() {
			a := &good17.Account{}
			b := good17.NewBank(a)
			race(1000000, func() { b.Audit() }, func() { b.Deposit(a, 1) })
		}},
		{"GG017/bad.Hook", func() {
			v := bad17.NewView()
			race(1000000, func() { v.Store().Set("a", 1) }, func() { v.Refresh() })
		}},
		{"GG017/good.Hook", func() {
			v := good17.NewView()
			race(1000000, func() { v.Store().Set("a", 1) }, func() { v.Refresh() })
		}},
		{"GG017/deep/good.Transport", func() {
			t := good17deep.NewTransport()
			race(100000, func() { t.NewStream(1) }, func() { t.HandleData(&good17deep.DataFrame{ID: 1}) })
		}},
		{"GG017/deep/good.Tree", func() {
			leaf, child := good17deep.NewTree()
			race(100000, func() { leaf.UpdateState(1) }, func() { child.Resume() })
		}},
		{"GG017/deep/bad.Family", func() {
			p, c := bad17deep.NewFamily()
			race(1000000, func() { p.Poke() }, func() { c.Report() })
		}},
		{"GG017/deep/good.Session", func() {
			s := good17deep.NewSession()
			for i := 0; i < 8; i++ {
				s.Open(i)
			}
			go func() {
				for i := 0; i < 200000; i++ {
					s.Frame(i % 8)
				}
				s.Finish()
			}()
			s.Close()
		}},
		{"GG017/deep/bad.Session", func() {
			s := bad17deep.NewSession()
			st := s.Open(1)
			s.Finish()
			race(1000000, func() { st.Ack() }, func() { s.Close() })
		}},
		{"GG017/deep/bad.SpawnSession", func() {
			s := bad17deep.NewSpawnSession(func() { time.Sleep(100 * time.Millisecond) })
			s.Open(1)
			s.Frame(1)
			s.Finish()
			later(s.Close)
			time.Sleep(300 * time.Millisecond) // the acknowledgement has woken and met Close
		}},
		{"GG017/deep/bad.SyncFeed", func() {
			r := bad17deep.NewReader()
			race(1000000, func() { r.Stop() }, func() { r.Feed().Remove() })
		}},
		{"GG017/deep/good.ClosedHandler", func() {
			c := good17deep.Consume(func(string) {})
			race(100000, func() { c.Stop() }, func() { c.Sub().Remove() })
			race(10000, func() { good17deep.Consume(func(string) {}).Stop() }, func() { good17deep.SubscribeSync(func() {}).Remove() })
		}},
		{"GG017/deep/good.WrappedConn", func() {
			c := good17deep.Layered()
			race(100000, func() { c.Write([]byte("a")) }, func() { c.SendAlert() })
		}},
		{"GG018/bad.Registry", func() { r := bad18.NewRegistry(); go r.Add("a", 10) }},
		{"GG018/good.Registry", func() { r := good18.NewRegistry(); go r.Add("a", 10) }},
		{"GG018/bad.Server", func() { s := &bad18.Server{}; go s.Close() }},
		{"GG018/bad.Stats", func() {
			s := &bad18.Stats{}
			race(1000000, func() { s.Share("a") }, func() { s.Reset() })
		}},
		{"GG018/good.Stats", func() {
			s := &good18.Stats{}
			race(1000000, func() { s.Share("a") }, func() { s.Reset() })
		}},
		{"GG018/good.Snapshot", func() {
			race(1000, func() { good18.Snapshot(100) }, func() { good18.Snapshot(100) })
		}},
		{"GG018/deep/good.Contend", func() { go good18deep.Contend() }},
		{"GG018/deep/bad.Ordered", func() { go bad18deep.Use() }},
		{"GG018/deep/good.Ordered", func() { go good18deep.Consumed() }},
		{"GG019/bad.Barrier", func() { b := bad19.NewBarrier(); b.Release(); go b.Wait() }},
		{"GG019/good.Barrier", func() { b := good19.NewBarrier(); b.Release(); go b.Wait() }},
		{"GG019/bad.Pool", func() { p := bad19.NewPool(); go p.Get(); later(p.Put) }},
		{"GG019/good.Pool", func() { p := good19.NewPool(); go p.Get(); later(p.Put) }},
		{"GG019/bad.Queue", func() {
			q := bad19.NewQueue()
			q.OnIdle = func() { time.Sleep(40 * time.Millisecond) }
			go q.Pop()
			later(q.Close)
		}},
		{"GG019/good.Queue", func() {
			q := good19.NewQueue()
			q.OnIdle = func() { time.Sleep(40 * time.Millisecond) }
			go q.Pop()
			later(q.Close)
		}},
		{"GG019/good.Request", func() { go good19.NewRequest().Run() }},
		{"GG019/good.Relay", func() { go good19.Relay() }},
		{"GG019/bad.Gate", func() {
			g := bad19.NewGate()
			g.OnCheck = g.Open
			go g.Wait()
		}},
		{"GG019/bad.Notify", func() { go bad19.Notify(func() { time.Sleep(40 * time.Millisecond) }) }},
		{"GG020/bad.Collect", func() { go bad20.Collect([]string{"a", "b"}) }},
		{"GG020/good.Collect", func() { go good20.Collect([]string{"a", "b"}) }},
		{"GG020/bad.Crawler", func() { go bad20.NewCrawler().Run([]string{"a", "b"}) }},
		{"GG020/good.Crawler", func() { go good20.NewCrawler().Run([]string{"a", "b"}) }},
	}
	_, _ = good2deep.Len("") // the process-lifetime workers of GG002/deep/good.Daemon start here, not in the case
	for _, c := range cases {
		fmt.Printf("%s %d\n", c.name, leaked(c.f))
	}
}
