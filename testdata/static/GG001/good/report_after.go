package good

import "strings"

func decode(in string, rows chan<- string) error {
	defer close(rows)
	for _, l := range strings.Split(in, "\n") {
		rows <- l
	}
	return nil
}

// The consumer may return as soon as it takes the decoder's result, but the decoder reports only after its last
// row was taken: returning there leaves nothing blocked on `rows`.
func Consume(in string, f func(string)) error {
	res := make(chan error, 1)
	rows := make(chan string)
	go func() {
		err := decode(in, rows)
		res <- err
	}()
	for {
		select {
		case err := <-res:
			return err
		default:
		}
		r, ok := <-rows
		if !ok {
			break
		}
		f(r)
	}
	return <-res
}
