//go:build linux

package guard

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWallClockOverhead measures what the whole Guard costs the process in CPU per second of wall time:
// the process sits idle with 400 (exact profile mode) or 10000 (inferred mode) parked goroutines, once without
// and once with a Guard whose schedule runs `speedup` times faster than the defaults (so the cost rises above the
// measurement noise); the difference, divided by the speedup, is the share of one core the Guard takes at default
// settings.
//
//	go test -run '^$' -bench WallClock -benchtime 1x
func BenchmarkWallClockOverhead(b *testing.B) {
	for _, n := range []int{400, 10000} {
		n := n
		b.Run(fmt.Sprintf("parked=%d", n), func(b *testing.B) { wallClockOverhead(b, n) })
	}
}

func wallClockOverhead(b *testing.B, parked int) {
	const speedup = 100
	const window = 5 * time.Second
	release := parkGoroutines(parked)
	defer release()
	for i := 0; i < b.N; i++ {
		idleStart := processCPU()
		time.Sleep(window)
		idle := processCPU() - idleStart

		g, err := Start(Config{
			Interval:          defaultInterval / speedup,
			ProfileInterval:   defaultProfileInterval / speedup,
			LeakCheckInterval: defaultLeakCheckInterval / speedup,
			ProfileBudget:     defaultProfileBudget * speedup, // the cost-based spacing, sped up alike
			DumpDir:           b.TempDir(),
		})
		if err != nil {
			b.Fatal(err)
		}
		busyStart := processCPU()
		time.Sleep(window)
		busy := processCPU() - busyStart
		st := g.Status()
		g.Stop()

		share := float64(busy-idle) / float64(window)
		b.ReportMetric(100*share, "cpu-%-accelerated")
		b.ReportMetric(100*share/speedup, "cpu-%-at-defaults")
		b.ReportMetric(float64(st.Samples), "samples")
		b.ReportMetric(float64(st.ProfileSamples), "profiles")
		if st.Profile != nil && st.Profile.Mode == modeExact {
			b.ReportMetric(1, "exact-mode")
		}
		if st.ProvenLeaks != nil {
			b.ReportMetric(1, "leak-checks-on")
		}
	}
}
