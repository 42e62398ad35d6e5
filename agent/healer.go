package guard

// The self-healing state machine (shared spec §5), pure: it sees one sample at a time and says what to do. The
// Guard performs the I/O (dump, switch) and reports back whether the dump was written.

import "time"

// Event is what a callback receives.
type Event struct {
	Time                time.Time
	Goroutines          int
	GrowthPerSecond     float64
	ConsecutiveBreaches int
	Degraded            bool
	// DumpPath is the dump set written before degrading (OnDegrade) — also set on OnRecover, for the last dump.
	DumpPath string
	// Err is the dump failure (OnDumpError).
	Err error
}

type healer struct {
	maxGoroutines  int     // < 0: disabled
	maxGrowth      float64 // < 0: disabled
	breachesNeeded int
	recoverRatio   float64
	recoverNeeded  int

	consecutive int  // consecutive breached samples
	tripped     bool // this episode's dump was written (and, unless NoDegrade, degraded mode is on)
	calm        int  // consecutive samples under the recovery level while tripped
}

// verdict is the healer's answer for one sample.
type verdict struct {
	breached bool
	dump     bool // write the dump now, then call dumped(ok)
	recover  bool // the episode is over: leave degraded mode
}

func newHealer(c Config) *healer {
	return &healer{
		maxGoroutines:  c.MaxGoroutines,
		maxGrowth:      c.MaxGrowthPerSecond,
		breachesNeeded: c.BreachesToDegrade,
		recoverRatio:   c.RecoverRatio,
		recoverNeeded:  c.RecoverSamples,
	}
}

func (h *healer) over(goroutines int, growth float64) bool {
	return (h.maxGoroutines >= 0 && goroutines > h.maxGoroutines) || (h.maxGrowth >= 0 && growth > h.maxGrowth)
}

// calmEnough is the hysteresis level: comfortably under both thresholds, not just under them.
func (h *healer) calmEnough(goroutines int, growth float64) bool {
	if h.maxGoroutines >= 0 && float64(goroutines) > float64(h.maxGoroutines)*h.recoverRatio {
		return false
	}
	return h.maxGrowth < 0 || growth <= h.maxGrowth*h.recoverRatio
}

func (h *healer) observe(goroutines int, growth float64) verdict {
	v := verdict{breached: h.over(goroutines, growth)}
	if v.breached {
		h.consecutive++
	} else {
		h.consecutive = 0
	}
	if !h.tripped {
		// A failed dump leaves tripped false, so the next breached sample tries again.
		v.dump = h.consecutive >= h.breachesNeeded
		return v
	}
	if h.calmEnough(goroutines, growth) {
		h.calm++
	} else {
		h.calm = 0
	}
	if h.calm >= h.recoverNeeded {
		h.tripped, h.calm, h.consecutive = false, 0, 0
		v.recover = true
	}
	return v
}

// dumped records the outcome of the dump a verdict asked for: only a written dump trips the switch.
func (h *healer) dumped(ok bool) {
	if ok {
		h.tripped, h.calm = true, 0
	}
}
