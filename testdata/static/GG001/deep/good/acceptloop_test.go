package good

import (
	"net"
	"os"
	"testing"
	"time"
)

// Reduced from crypto/tls/handshake_test.go: TestMain starts an accept loop that lives as long as the test
// binary and hands each connection to localPipe, which dials once and takes one connection. A goroutine that
// runs for the whole process is not a leak, even when its last send waits when the binary exits.
var localListener struct {
	addr net.Addr
	ch   chan net.Conn
}

func localServer(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		localListener.ch <- c
	}
}

func localPipe(t testing.TB) (net.Conn, net.Conn) {
	for i := 0; i < 5; i++ {
		tooSlow := time.NewTimer(time.Second)
		c1, err := net.Dial("tcp", localListener.addr.String())
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-tooSlow.C:
			c1.Close()
			continue
		case c2 := <-localListener.ch:
			tooSlow.Stop()
			return c1, c2
		}
	}
	t.Fatal("localPipe: failed to connect")
	return nil, nil
}

func TestPipe(t *testing.T) {
	c1, c2 := localPipe(t)
	c1.Close()
	c2.Close()
}

func runMain(m *testing.M) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 1
	}
	localListener.ch = make(chan net.Conn)
	localListener.addr = l.Addr()
	defer l.Close()
	go localServer(l)
	return m.Run()
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}
