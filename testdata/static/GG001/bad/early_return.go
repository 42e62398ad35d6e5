package bad

import "errors"

func validate(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	return nil
}

// The function returns between starting the sender and receiving from it.
func Load(key string) (int, error) {
	out := make(chan int)
	go func() {
		out <- len(key) // want GG001
	}()
	if err := validate(key); err != nil {
		return 0, err
	}
	return <-out, nil
}

// Nobody ever receives.
func FireAndForget(key string) {
	errc := make(chan error)
	go func() {
		errc <- validate(key) // want GG001
	}()
}
