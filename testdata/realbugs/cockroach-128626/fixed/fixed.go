// Fixed version of cockroachdb/cockroach PR #128626: the channel is buffered and a full buffer drops the timestamp
// instead of blocking the verifier.
package fixed

import "time"

const resolvedTimestampsPerState = 3

type cdcMixedVersionTester struct {
	timestampsResolved struct {
		C chan time.Time
	}
}

func (cmvt *cdcMixedVersionTester) noteResolved(ts time.Time) {
	select {
	case cmvt.timestampsResolved.C <- ts:
	default:
	}
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
	cmvt.timestampsResolved.C = make(chan time.Time, resolvedTimestampsPerState)
	stop := make(chan struct{})
	go cmvt.verifier(stop)
	cmvt.waitAndValidate()
	time.Sleep(10 * time.Millisecond)
	close(stop)
}
