// Kernel reduced from prometheus/prometheus#19021 "tsdb: silent self-deadlock in mmapHeadChunks during panic or I/O
// failure" (2026). mmapHeadChunks read-locks a series stripe and then each series, releasing both with explicit
// calls at the end of the loop body. When mmapping a chunk panics (handleChunkWriteError on a failed write), the
// locks stay held while the panic unwinds, and the deferred cleanup (Head.Close, run by t.Cleanup or a recovering
// caller) waits for the stripe's write lock forever.
// Fix (in the issue): move the loop bodies into mmapHeadChunksInStripe / mmapSeriesChunks with deferred unlocks.
package bad

import (
	"errors"
	"sync"
)

type memSeries struct {
	sync.Mutex
	ref      uint64
	mmapped  int
	writeErr error
}

func (s *memSeries) mmapChunks() {
	if s.writeErr != nil {
		panic(s.writeErr) // handleChunkWriteError
	}
	s.mmapped++
}

type stripeSeries struct {
	size   int
	series []map[uint64]*memSeries
	locks  []sync.RWMutex
}

type Head struct {
	series *stripeSeries
	closed bool
}

func (h *Head) mmapHeadChunks() {
	for i := 0; i < h.series.size; i++ {
		h.series.locks[i].RLock()
		for _, series := range h.series.series[i] {
			series.Lock()
			series.mmapChunks()
			series.Unlock()
		}
		h.series.locks[i].RUnlock()
	}
}

func (h *Head) Close() {
	for i := 0; i < h.series.size; i++ {
		h.series.locks[i].Lock() // BLOCKS: rwmutex
		h.series.series[i] = nil
		h.series.locks[i].Unlock()
	}
	h.closed = true
}

func Run() {
	ss := &stripeSeries{size: 2, series: make([]map[uint64]*memSeries, 2), locks: make([]sync.RWMutex, 2)}
	ss.series[0] = map[uint64]*memSeries{1: {ref: 1}}
	ss.series[1] = map[uint64]*memSeries{2: {ref: 2, writeErr: errors.New("write chunk: no space left on device")}}
	h := &Head{series: ss}
	defer func() {
		if r := recover(); r != nil {
			h.Close()
		}
	}()
	h.mmapHeadChunks()
}
