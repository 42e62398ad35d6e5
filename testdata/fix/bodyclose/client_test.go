package bodyclose

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	ok, err := Healthy(srv.URL)
	if err != nil || !ok {
		t.Fatalf("Healthy = %v, %v", ok, err)
	}
}
