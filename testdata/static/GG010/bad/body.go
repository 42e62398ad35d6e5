package bad

import (
	"errors"
	"net/http"
	"time"
)

var client = &http.Client{Timeout: time.Second}

// Returns between the error check and the Close.
func Status(url string) (int, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, errors.New(resp.Status) // want GG010
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// Never closed.
func Ping(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req) // want GG010
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return nil
}

// Dropped.
func Fire(c *http.Client, req *http.Request) {
	c.Do(req) // want GG010
}
