package bad

// The router keeps each shard's input in one of two maps by kind and, when its own input closes, closes the
// channels of the first map only: the workers of the second keep waiting for a close.
type Router struct {
	input chan string
}

func NewRouter() *Router {
	r := &Router{input: make(chan string)}
	go r.route()
	return r
}

func (r *Router) Send(s string) { r.input <- s }
func (r *Router) Close()        { close(r.input) }

func shard(input <-chan string) {
	for s := range input {
		_ = s
	}
}

func audit(input <-chan string) {
	for s := range input { // want GG002
		_ = s
	}
}

func (r *Router) route() {
	shards := map[string]chan string{}
	audits := map[string]chan string{}
	for s := range r.input {
		key := s[:1]
		if shards[key] == nil {
			shards[key] = make(chan string, 4)
			go shard(shards[key])
			audits[key] = make(chan string, 4)
			go audit(audits[key])
		}
		shards[key] <- s
		audits[key] <- s
	}
	for _, ch := range shards {
		close(ch)
	}
}
