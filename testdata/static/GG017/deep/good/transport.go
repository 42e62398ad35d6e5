package good

import (
	"strconv"
	"sync"
)

// The shape of grpc-go's transport (controlbuf.go / http2_client.go): the control buffer runs a caller's check
// under its lock, and the stream-creation check locks the transport — buffer before transport, a real order.
// The transport's getStream locks only the transport and calls Frame.Header, an interface call. A Stream also
// has a Header method (which queues on the buffer), and a frame and a stream both reach describe's `any`
// parameter, so the alias classes put them together; but a Stream is no Frame (its Header has another
// signature), so Frame.Header never runs it and the transport never waits for the buffer.

type Buffer struct {
	mu    sync.Mutex
	items []int
}

// ExecuteAndPut runs f under the buffer's lock and queues it when f agrees.
func (b *Buffer) ExecuteAndPut(f func() bool, it int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f != nil && !f() {
		return false
	}
	b.items = append(b.items, it)
	return true
}

type Frame interface{ Header() int }

type DataFrame struct{ ID int }

func (d *DataFrame) Header() int { return d.ID }

type Stream struct {
	t  *Transport
	id int
}

// Header queues a header request on the buffer (it locks the buffer).
func (s *Stream) Header() (string, error) {
	s.t.buf.ExecuteAndPut(nil, s.id)
	return strconv.Itoa(s.id), nil
}

type Transport struct {
	mu      sync.Mutex
	buf     *Buffer
	streams map[int]*Stream
}

func NewTransport() *Transport {
	return &Transport{buf: &Buffer{}, streams: map[int]*Stream{}}
}

// NewStream registers the stream from the buffer's check: buffer, then transport.
func (t *Transport) NewStream(id int) *Stream {
	s := &Stream{t: t, id: id}
	t.buf.ExecuteAndPut(func() bool {
		t.mu.Lock()
		t.streams[id] = s
		t.mu.Unlock()
		return true
	}, id)
	_ = describe(s)
	return s
}

// HandleData looks the frame's stream up: transport only (Frame.Header takes no lock).
func (t *Transport) HandleData(f Frame) *Stream {
	_ = describe(f)
	t.mu.Lock()
	s := t.streams[f.Header()]
	t.mu.Unlock()
	return s
}

func describe(v any) string {
	if _, ok := v.(Frame); ok {
		return "frame"
	}
	return "stream"
}
