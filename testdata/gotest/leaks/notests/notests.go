// Package notests has no test files: goroutine-guard leaves it to go test ("no test files").
package notests

func Nothing() {}
