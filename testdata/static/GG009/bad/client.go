package bad

import "net/http"

var client = &http.Client{} // want GG009

func Get(url string) (*http.Response, error) {
	return http.Get(url) // want GG009
}

func Default(req *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(req) // want GG009
}
