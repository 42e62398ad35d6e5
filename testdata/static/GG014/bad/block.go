package bad

func serve() {}

func Start() {
	go func() {
		serve()
		select {} // want GG014
	}()
}

func loop() {
	serve()
	select {} // want GG014
}

func StartLoop() {
	go loop()
}
