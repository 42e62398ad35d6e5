// Added by goroutine-guard; not part of golang.org/x/exp/trace (see README.goroutine-guard).

//go:build go1.23

package trace

// StackKey is the identity of a stack within the generation that holds it: equal keys ⇔ the same stack. The
// first value is the generation's table (compare it, don't keep it across generations), the second the stack id.
func (s Stack) StackKey() (table any, id uint64) {
	if s.table == nil {
		return nil, 0
	}
	return s.table, uint64(s.id)
}
