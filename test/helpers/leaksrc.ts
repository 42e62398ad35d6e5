// Go source of the smallest real goroutine leak, for tests that write a module to a temp dir: a goroutine sends on
// an unbuffered channel whose receiver can take the ctx.Done() case and never come back for the value. The send is
// at line 8. Both engines report it (GG001).

export function leakSource(pkg = 'svc', fn = 'Fetch'): string {
  return `package ${pkg}

import "context"

func ${fn}(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- 42
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
`;
}
