module example.com/leakyservice

go 1.19

require github.com/goroutine-guard/goroutine-guard/agent v0.0.0

// The recipe for using the agent from another module before it is published: point at a checkout.
replace github.com/goroutine-guard/goroutine-guard/agent => ../..
