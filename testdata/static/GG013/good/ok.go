package good

// A nil channel disables a select case: the idiom.
func Merge(a, b <-chan int, out chan<- int) {
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out <- v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out <- v
		}
	}
}

// Assigned before use.
func Later(ready bool) int {
	var ch chan int
	if ready {
		ch = make(chan int, 1)
	}
	ch <- 1
	return <-ch
}

func Optional(enable bool) <-chan int {
	var ch chan int
	if enable {
		ch = make(chan int)
	}
	return ch
}

type notifier struct {
	updates chan string
	quit    chan struct{}
	Events  chan int
}

func newNotifier() *notifier {
	return &notifier{updates: make(chan string, 8)}
}

func (n *notifier) start() { n.quit = make(chan struct{}) }

func (n *notifier) publish(s string) { n.updates <- s }

func (n *notifier) waitQuit() { <-n.quit }

// Exported fields may be set by other packages.
func (n *notifier) emit(v int) { n.Events <- v }

// A nil field in a select only disables the case.
type poller struct{ pause chan bool }

func (p *poller) poll(tick <-chan int) {
	select {
	case <-p.pause:
	case <-tick:
	}
}

// Initialised positionally: the field names never appear.
type sink struct {
	done chan struct{}
	buf  []byte
}

func newSink() *sink { return &sink{make(chan struct{}), nil} }

func (s *sink) wait() { <-s.done }
