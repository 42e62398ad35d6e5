module github.com/goroutine-guard/goroutine-guard/agent

go 1.19
