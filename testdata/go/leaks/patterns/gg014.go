package patterns

// GG014: a plugin goroutine "keeps itself alive" with select {} and can never be stopped.

var plugins []string

func startPlugin(name string) {
	go func() {
		plugins = append(plugins, name)
		select {} // GG014: blocks forever by design
	}()
}

func startGG014(_ *Env) {
	startPlugin("metrics")
	startPlugin("tracing")
}
