// Package httpserver: one test closes its httptest server and the client's idle connections, one does not.
package httpserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func hello(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "hello") }

func get(t *testing.T, c *http.Client, url string) {
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
}

func TestServerClosed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(hello))
	defer srv.Close()
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	get(t, c, srv.URL)
}

func TestServerLeft(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(hello)) // never closed
	c := &http.Client{Transport: &http.Transport{}}    // keep-alive connection never closed
	get(t, c, srv.URL)
}
