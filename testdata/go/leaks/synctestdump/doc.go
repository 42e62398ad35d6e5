// Package synctestdump holds a test that writes a goroutine dump from inside a testing/synctest
// bubble (Go ≥ 1.25), and one that ends a bubble with goroutines still blocked. Both only run when
// GG_SYNCTEST_DUMP names an output file, so a plain `go test ./...` stays green.
package synctestdump
