// Command shop is the service goroutine-guard's `check` tests and walkthrough run: a small HTTP API with three
// planted goroutine leaks and some clean concurrent code.
//
//	GET /price?sku=X   asks the catalog in a goroutine and gives up after -price-timeout. The catalog is slow for
//	                   unknown SKUs, so the goroutine later blocks forever sending its answer (GG001: the static
//	                   rules see it, and it happens at run time).
//	GET /order?sku=X   places an order; the orders service notifies every registered Notifier in its own
//	                   goroutine. The audit log's consumer runs only with -audit, so without it each order leaves
//	                   one goroutine blocked in AuditLog.Notify (runtime only: the call goes through an interface).
//	GET /stock         fans out to warehouses with a buffered channel and a WaitGroup (clean).
//	-legacy-sync       starts a ticker-driven sync loop that never stops (GG004: the static rules see it, but the
//	                   flag is off by default, so it never runs).
//
// It prints "listening http://ADDR" once it accepts connections; /debug/pprof/ is served on the same address.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"

	"example.com/shop/orders"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	priceTimeout := flag.Duration("price-timeout", 20*time.Millisecond, "how long /price waits for the catalog")
	audit := flag.Bool("audit", false, "write the audit log to stderr")
	legacy := flag.Bool("legacy-sync", false, "also run the legacy inventory sync (deprecated)")
	flag.Parse()

	ctx, stop := context.WithCancel(context.Background())
	defer stop()

	auditLog := orders.NewAuditLog()
	if *audit {
		go auditLog.Run(ctx, os.Stderr)
	}
	svc := orders.NewService(orders.LogNotifier{Logger: log.Default()}, auditLog)

	cache := newStockCache()
	go cache.janitor(ctx, time.Minute)

	if *legacy {
		startLegacySync(30*time.Second, cache.refresh)
	}

	s := &server{catalog: newCatalog(), orders: svc, stock: cache, priceTimeout: *priceTimeout}
	s.routes(http.DefaultServeMux)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
}
