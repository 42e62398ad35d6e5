// Package nsenders asks every replica and keeps the first answer; the others are left sending.
package nsenders

import "fmt"

func ask(replica int) string { return fmt.Sprintf("answer from %d", replica) }

// First returns the first replica's answer.
func First(replicas []int) string {
	answers := make(chan string)
	for _, r := range replicas {
		go func(r int) {
			answers <- ask(r)
		}(r)
	}
	return <-answers
}
