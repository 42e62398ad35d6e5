module goroutine-guard/bench/parse/gen

go 1.26
