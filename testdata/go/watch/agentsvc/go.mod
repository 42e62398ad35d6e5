module watchagentsvc

go 1.22

require github.com/goroutine-guard/goroutine-guard/agent v0.0.0

replace github.com/goroutine-guard/goroutine-guard/agent => ../../../../agent
