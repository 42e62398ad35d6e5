package good

import (
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}

// Configured with its own transport (dial and header timeouts).
var tuned = &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 5 * time.Second}}

// Timeout set right after construction.
func New() *http.Client {
	c := &http.Client{}
	c.Timeout = time.Minute
	return c
}

func Get(url string) (*http.Response, error) {
	return client.Get(url)
}
