// Package bodyclose reads a status and forgets the response body.
package bodyclose

import "net/http"

// Healthy reports whether url answers 200.
func Healthy(url string) (bool, error) {
	resp, err := http.Get(url)
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}
