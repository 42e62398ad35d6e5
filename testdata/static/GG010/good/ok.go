package good

import (
	"io"
	"net/http"
)

func Status(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, io.ErrUnexpectedEOF
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// Returned: the caller closes.
func Open(c *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Closed before the early return.
func Check(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 500 {
		resp.Body.Close()
		return io.ErrUnexpectedEOF
	}
	return resp.Body.Close()
}

type api struct{ c *http.Client }

// Not an HTTP client: a Do method of something else.
type runner struct{}

func (runner) Do(x int) int { return x }

func Run(r runner) { r.Do(1) }
