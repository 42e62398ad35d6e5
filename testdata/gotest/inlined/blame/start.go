// Package blame is the shape that made goroutine-guard blame TestMain: a test calls an inlinable constructor that
// starts a goroutine, and its next statement is another inlined call (time.After). The runtime's ancestor record
// then prints, in place of the test's own frame, whatever is inlined at the byte after the inline mark — here
// time.After — so the test's name is missing from the chain (docs/gotest.md, "Inlined test frames").
package blame

// Start is small enough to be inlined into its caller; the goroutine it starts blocks for ever on its send.
func Start() chan int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return ch
}
