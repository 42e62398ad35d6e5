package guard

import "testing"

func TestHealerSequence(t *testing.T) {
	h := newHealer(Config{MaxGoroutines: 100, MaxGrowthPerSecond: 10, BreachesToDegrade: 3, RecoverRatio: 0.8,
		RecoverSamples: 2})
	type step struct {
		goroutines int
		growth     float64
		dumpOK     bool // outcome to report when the verdict asks for a dump
		want       verdict
	}
	steps := []step{
		{50, 0, true, verdict{}},
		{101, 0, true, verdict{breached: true}},
		{101, 0, true, verdict{breached: true}},
		{90, 0, true, verdict{}}, // a dip resets the count
		{150, 0, true, verdict{breached: true}},
		{80, 11, true, verdict{breached: true}}, // growth alone breaches
		{150, 0, false, verdict{breached: true, dump: true}},
		{150, 0, true, verdict{breached: true, dump: true}}, // the failed dump is retried
		{150, 0, true, verdict{breached: true}},             // tripped: no second dump
		{81, 0, true, verdict{}},                            // under the threshold, not under 80%: stays
		{80, 9, true, verdict{}},                            // growth over 80% of 10
		{80, 8, true, verdict{}},
		{20, -5, true, verdict{recover: true}},
		{101, 0, true, verdict{breached: true}}, // a new episode counts from one again
	}
	for i, s := range steps {
		got := h.observe(s.goroutines, s.growth)
		if got != s.want {
			t.Fatalf("step %d (%d goroutines, %v/s): %+v, want %+v", i, s.goroutines, s.growth, got, s.want)
		}
		if got.dump {
			h.dumped(s.dumpOK)
		}
	}
}

func TestHealerWithOneThresholdDisabled(t *testing.T) {
	h := newHealer(Config{MaxGoroutines: -1, MaxGrowthPerSecond: 5, BreachesToDegrade: 1, RecoverRatio: 1,
		RecoverSamples: 1})
	if v := h.observe(1_000_000, 0); v.breached {
		t.Fatal("goroutine threshold disabled but breached")
	}
	if v := h.observe(1_000_000, 6); !v.dump {
		t.Fatal("growth over the threshold did not ask for a dump")
	}
	h.dumped(true)
	if v := h.observe(1_000_000, 5); !v.recover {
		t.Fatal("no recovery at growth == threshold*1")
	}
}
