package good

// Reduced from IBM/sarama (asyncProducer.dispatcher → newTopicProducer → topicProducer.dispatch): each per-topic
// worker ranges over its own input channel; the constructor returns that channel as `chan<- T`, the dispatcher keeps
// it in a map and, when its own input is closed, closes every channel in the map. So every worker's loop ends.

type Message struct {
	Topic string
	Body  string
}

type Producer struct {
	input chan *Message
	out   chan string
}

type topicWorker struct {
	parent *Producer
	input  <-chan *Message
}

func NewProducer() *Producer {
	p := &Producer{input: make(chan *Message), out: make(chan string, 16)}
	go p.dispatcher()
	return p
}

// Send hands a message to the dispatcher; Close ends it.
func (p *Producer) Send(m *Message) { p.input <- m }
func (p *Producer) Close()          { close(p.input) }

func (p *Producer) newTopicWorker(topic string) chan<- *Message {
	input := make(chan *Message, 4)
	w := &topicWorker{parent: p, input: input}
	go w.dispatch()
	return input
}

func (p *Producer) dispatcher() {
	handlers := make(map[string]chan<- *Message)
	for m := range p.input {
		h := handlers[m.Topic]
		if h == nil {
			h = p.newTopicWorker(m.Topic)
			handlers[m.Topic] = h
		}
		h <- m
	}
	for _, h := range handlers {
		close(h)
	}
}

func (w *topicWorker) dispatch() {
	for m := range w.input {
		select {
		case w.parent.out <- m.Body:
		default:
		}
	}
}
