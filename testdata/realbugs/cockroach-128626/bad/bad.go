// Kernel reduced from cockroachdb/cockroach PR #128626 "roachtest/cdc: fix cdc/mixed-versions deadlock" (2024,
// fixes #128173). The changefeed verifier forwards every resolved timestamp on the unbuffered
// cmvt.timestampsResolved.C; waitAndValidate receives only as many as it is waiting for in the current state and
// then stops reading, so the next resolved timestamp blocks the verifier forever.
// Fix: the channel is buffered with room for resolvedTimestampsPerState and sends do not block.
package bad

import "time"

const resolvedTimestampsPerState = 3

type cdcMixedVersionTester struct {
	timestampsResolved struct {
		C chan time.Time
	}
}

// noteResolved is called by the changefeed verifier for every resolved timestamp it sees.
func (cmvt *cdcMixedVersionTester) noteResolved(ts time.Time) {
	cmvt.timestampsResolved.C <- ts // BLOCKS: chan-send
}

func (cmvt *cdcMixedVersionTester) waitAndValidate() {
	for i := 0; i < resolvedTimestampsPerState; i++ {
		<-cmvt.timestampsResolved.C
	}
}

func (cmvt *cdcMixedVersionTester) verifier(stop chan struct{}) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			cmvt.noteResolved(now)
		case <-stop:
			return
		}
	}
}

func Run() {
	cmvt := &cdcMixedVersionTester{}
	cmvt.timestampsResolved.C = make(chan time.Time)
	stop := make(chan struct{})
	go cmvt.verifier(stop)
	cmvt.waitAndValidate()
	time.Sleep(10 * time.Millisecond) // upgrade the next node
	close(stop)
}
