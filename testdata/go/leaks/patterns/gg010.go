package patterns

import "net/http"

// GG010: a health checker reads only the status code and never closes the body, so every
// connection stays checked out with its readLoop/writeLoop goroutine pair.

func checkStatus(client *http.Client, url string) int {
	resp, err := client.Get(url)
	if err != nil {
		return 0
	}
	return resp.StatusCode // GG010: resp.Body is never closed
}

func startGG010(env *Env) {
	client := &http.Client{Transport: &http.Transport{}}
	for i := 0; i < 5; i++ {
		checkStatus(client, env.FastURL)
	}
}
