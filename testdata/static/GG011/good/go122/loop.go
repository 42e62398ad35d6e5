package go122

func process(s string) {}

// Go 1.22 gives each iteration its own variable.
func All(items []string) {
	for _, it := range items {
		go func() { process(it) }()
		_ = it
	}
}
