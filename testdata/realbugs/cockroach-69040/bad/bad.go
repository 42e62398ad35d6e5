// Kernel reduced from cockroachdb/cockroach PR #69040 "sql: fix deadlock when updating backfill progress" (2021).
// The backfiller acquired its mutex inside a transaction that had already laid down an intent on the job row;
// a details update held the mutex and then blocked on that intent. The intent behaves as a lock held by the first
// transaction, so the two wait for each other.
// Fix: copy the state out under the mutex before starting the transaction; never lock it inside one.
package bad

import (
	"sync"
	"time"
)

// jobRow models the job record's write intent: a writing transaction holds it until it commits.
type jobRow struct {
	intent   sync.Mutex
	progress float64
	details  string
}

type backfiller struct {
	mu struct {
		sync.Mutex
		completed float64
		details   string
	}
	job *jobRow
}

func (b *backfiller) txn(f func()) {
	b.job.intent.Lock() // BLOCKS: mutex
	defer b.job.intent.Unlock()
	f()
}

func (b *backfiller) updateProgress() {
	b.txn(func() {
		b.job.progress = 0 // the UPDATE lays down the intent
		time.Sleep(20 * time.Millisecond)
		b.mu.Lock() // BLOCKS: mutex
		b.job.progress = b.mu.completed
		b.mu.Unlock()
	})
}

func (b *backfiller) updateDetails() {
	b.mu.Lock()
	defer b.mu.Unlock()
	time.Sleep(10 * time.Millisecond)
	b.txn(func() { b.job.details = b.mu.details })
}

func Run() {
	b := &backfiller{job: &jobRow{}}
	b.mu.completed, b.mu.details = 0.4, "spans: [/Table/52/1 - /Table/52/2)"
	go b.updateProgress()
	time.Sleep(5 * time.Millisecond)
	b.updateDetails()
}
