package bad

import "sync"

// The true side of good/closed_handler.go: a feed calls its done handler under its own lock when it is
// synchronous, and a reader installs a handler that takes the reader's lock on a feed made synchronous (no
// message callback). Stop takes the reader's lock, then the feed's; Remove takes the feed's, then (in the handler)
// the reader's: the two orders meet on one reader and its feed. The handler of AsyncReader, installed on an
// asynchronous feed, never runs under the feed's lock, which does not hide Reader's.

type Feed struct {
	mu     sync.Mutex
	async  bool
	onDone func()
	n      int
}

// NewFeed makes an asynchronous feed when given a message callback, a synchronous one otherwise.
func NewFeed(cb func(string)) *Feed {
	f := &Feed{}
	if cb != nil {
		f.async = true
	}
	return f
}

// OnDone stores the handler Remove runs.
func (f *Feed) OnDone(h func()) {
	f.mu.Lock()
	f.onDone = h
	f.mu.Unlock()
}

// Remove runs the done handler under the feed's lock for a synchronous feed.
func (f *Feed) Remove() {
	f.mu.Lock() // want GG017
	defer f.mu.Unlock()
	f.n++
	if !f.async && f.onDone != nil {
		f.onDone()
	}
}

type Reader struct {
	mu   sync.Mutex
	feed *Feed
	seen int
}

func NewReader() *Reader {
	r := &Reader{}
	r.feed = NewFeed(nil)
	r.feed.OnDone(func() {
		r.mu.Lock() // want GG017
		r.seen++
		r.mu.Unlock()
	})
	return r
}

// Feed is the reader's feed.
func (r *Reader) Feed() *Feed { return r.feed }

// Stop: the reader's lock, then (in Remove) the feed's.
func (r *Reader) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.feed.Remove()
}

type AsyncReader struct {
	mu   sync.Mutex
	feed *Feed
	seen int
}

func NewAsyncReader() *AsyncReader {
	r := &AsyncReader{}
	r.feed = NewFeed(func(string) {})
	r.feed.OnDone(func() {
		r.mu.Lock()
		r.seen++
		r.mu.Unlock()
	})
	return r
}

func (r *AsyncReader) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.feed.Remove()
}
