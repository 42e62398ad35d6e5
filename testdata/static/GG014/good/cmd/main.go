package main

func serve() {}

// main keeps the process alive by design.
func main() {
	go serve()
	select {}
}
