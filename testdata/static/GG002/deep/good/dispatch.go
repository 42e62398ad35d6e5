package good

// Reduced from IBM/sarama's asyncProducer.dispatcher: one channel per topic, made on demand and kept in a map;
// when the dispatcher's own input ends it closes every one of them by ranging over the map.
type topicProducer struct {
	input chan string
	n     int
}

func newTopicProducer() chan<- string {
	input := make(chan string)
	tp := &topicProducer{input: input}
	go tp.dispatch()
	return input
}

func (tp *topicProducer) dispatch() {
	for range tp.input {
		tp.n++
	}
}

func Dispatch(msgs []string) {
	handlers := map[string]chan<- string{}
	for _, m := range msgs {
		h := handlers[m]
		if h == nil {
			h = newTopicProducer()
			handlers[m] = h
		}
		h <- m
	}
	for _, h := range handlers {
		close(h)
	}
}
