package delivery

import (
	"testing"
	"time"
)

func TestGiveUpIsNotDelivery(t *testing.T) {
	before := Delivered()
	_, ok := Offer(func() string {
		time.Sleep(20 * time.Millisecond)
		return "late"
	}, 5*time.Millisecond)
	if ok {
		t.Fatal("the consumer should have given up")
	}
	time.Sleep(40 * time.Millisecond)
	if got := Delivered() - before; got != 0 {
		t.Fatalf("Delivered moved by %d for a message nobody received", got)
	}
}
