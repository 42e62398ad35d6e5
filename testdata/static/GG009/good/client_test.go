package good

import (
	"net/http"
	"testing"
)

// Tests are bounded by `go test -timeout`; their servers are in-process.
func TestGet(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:0/")
	if err == nil {
		resp.Body.Close()
	}
}
