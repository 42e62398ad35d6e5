package orders

import (
	"context"
	"fmt"
	"io"
)

// AuditLog hands orders to Run, which writes them out.
type AuditLog struct {
	entries chan Order
}

func NewAuditLog() *AuditLog {
	return &AuditLog{entries: make(chan Order)}
}

// Notify blocks until Run takes the order.
func (a *AuditLog) Notify(o Order) {
	a.entries <- o
}

// Run writes audit entries until ctx is done.
func (a *AuditLog) Run(ctx context.Context, w io.Writer) {
	for {
		select {
		case o := <-a.entries:
			fmt.Fprintf(w, "audit: order %d %s\n", o.ID, o.SKU)
		case <-ctx.Done():
			return
		}
	}
}
