package good

import "context"

func serve() {}

func Start(ctx context.Context) {
	go func() {
		serve()
		<-ctx.Done()
	}()
}

// A function that blocks its caller on purpose is not a goroutine leak.
func blockForever() {
	select {}
}

var _ = blockForever
