// Fixed version of prometheus/prometheus#19021: the locks are released by defers, also when mmapping panics.
package fixed

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
		h.mmapHeadChunksInStripe(i)
	}
}

func (h *Head) mmapHeadChunksInStripe(i int) {
	h.series.locks[i].RLock()
	defer h.series.locks[i].RUnlock()
	for _, series := range h.series.series[i] {
		mmapSeriesChunks(series)
	}
}

func mmapSeriesChunks(series *memSeries) {
	series.Lock()
	defer series.Unlock()
	series.mmapChunks()
}

func (h *Head) Close() {
	for i := 0; i < h.series.size; i++ {
		h.series.locks[i].Lock()
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
