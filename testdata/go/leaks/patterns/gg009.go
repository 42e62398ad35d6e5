package patterns

import "net/http"

// GG009: reports are fetched with http.Get (http.DefaultClient, no Timeout) from a backend that
// never answers; each caller waits in roundTrip forever, with its persistConn readLoop/writeLoop.

func fetchReport(url string) int {
	resp, err := http.Get(url) // GG009: no timeout, no ctx deadline
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

func startGG009(env *Env) {
	for i := 0; i < 3; i++ {
		go fetchReport(env.HangURL)
	}
}
