package patterns

// GG015: a query is sent to every replica and the first answer wins; the result channel is
// unbuffered, so the N-1 slower senders block forever on every call.

func queryReplica(replica string) string {
	return "answer from " + replica
}

func firstReplica(replicas []string) string {
	answers := make(chan string)
	for _, r := range replicas {
		go func(r string) {
			answers <- queryReplica(r) // GG015: only the first send is ever received
		}(r)
	}
	return <-answers
}

func startGG015(_ *Env) {
	replicas := []string{"r1", "r2", "r3", "r4", "r5"}
	for i := 0; i < 3; i++ {
		_ = firstReplica(replicas)
	}
}
