package guard

// The Guard's status: what /debug/goroutine-guard serves as JSON and what the metrics are rendered from.

import "time"

// Status is a point-in-time copy of what the Guard knows.
type Status struct {
	Time      time.Time `json:"time"`
	Started   time.Time `json:"started"`
	Stopped   bool      `json:"stopped,omitempty"`
	GoVersion string    `json:"goVersion"`

	Goroutines      int     `json:"goroutines"`
	GrowthPerSecond float64 `json:"growthPerSecond"`
	// ParkedRatio is the share of goroutines waiting (not running, runnable or in a syscall); ParkedSource says
	// where it came from: "runtime/metrics" (Go 1.26+, every sample) or "profile" (the last profile snapshot).
	ParkedRatio  float64 `json:"parkedRatio"`
	ParkedSource string  `json:"parkedSource"`

	// Profile is the last goroutine-profile snapshot.
	Profile *ProfileStatus `json:"profile,omitempty"`

	// LeakProfileAvailable: the runtime has the goroutineleak profile. ProvenLeaks is the number of goroutines its
	// last check proved leaked (nil before the first check or without the profile).
	LeakProfileAvailable bool       `json:"leakProfileAvailable"`
	ProvenLeaks          *int       `json:"provenLeaks,omitempty"`
	LastLeakCheck        *time.Time `json:"lastLeakCheck,omitempty"`

	Breached            bool       `json:"breached"`
	ConsecutiveBreaches int        `json:"consecutiveBreaches"`
	Degraded            bool       `json:"degraded"`
	DegradedSince       *time.Time `json:"degradedSince,omitempty"`
	Thresholds          Thresholds `json:"thresholds"`

	Samples           uint64      `json:"samples"`
	ProfileSamples    uint64      `json:"profileSamples"`
	ProfilesSkipped   uint64      `json:"profilesSkipped"`
	DumpsWritten      uint64      `json:"dumpsWritten"`
	DumpErrors        uint64      `json:"dumpErrors"`
	DegradedResponses uint64      `json:"degradedResponses"`
	DumpDir           string      `json:"dumpDir"`
	LastDump          *DumpRecord `json:"lastDump,omitempty"`
	LastError         string      `json:"lastError,omitempty"`
	LastErrorTime     *time.Time  `json:"lastErrorTime,omitempty"`
}

// Thresholds echoes the healing settings in effect (negative: disabled).
type Thresholds struct {
	MaxGoroutines      int     `json:"maxGoroutines"`
	MaxGrowthPerSecond float64 `json:"maxGrowthPerSecond"`
	BreachesToDegrade  int     `json:"breachesToDegrade"`
	RecoverRatio       float64 `json:"recoverRatio"`
	RecoverSamples     int     `json:"recoverSamples"`
	LeakSuspectMin     int     `json:"leakSuspectMin"`
}

// ProfileStatus summarises one goroutine-profile snapshot.
type ProfileStatus struct {
	Time time.Time `json:"time"`
	// Mode is "exact" (runtime.Stack text: exact wait reasons, creators) or "inferred" (runtime.GoroutineProfile:
	// waits inferred from frames, no creators, no nil-chan or leaked markers).
	Mode            string  `json:"mode"`
	DurationSeconds float64 `json:"durationSeconds"`
	Goroutines      int     `json:"goroutines"`
	// ByWaitClass has every class of waitClasses, zeros included.
	ByWaitClass map[WaitClass]int `json:"byWaitClass"`
	// BlockedChannel counts goroutines parked in chan-send, chan-recv and select.
	BlockedChannel int `json:"blockedChannel"`
	// LeakSuspects counts the goroutines at suspect sites, LeakSuspectSites the sites; Suspects lists the largest
	// (at most maxListedSuspects).
	LeakSuspects     int       `json:"leakSuspects"`
	LeakSuspectSites int       `json:"leakSuspectSites"`
	Suspects         []Suspect `json:"suspects"`
	// LeakedMarked counts goroutines shown "(leaked)" (only right after a goroutineleak check).
	LeakedMarked int  `json:"leakedMarked"`
	Truncated    bool `json:"truncated,omitempty"`
}

// maxListedSuspects bounds the JSON status; the counts still cover every site.
const maxListedSuspects = 20

// DumpRecord names a written dump set.
type DumpRecord struct {
	Path string    `json:"path"`
	Time time.Time `json:"time"`
}

func newProfileStatus(now time.Time, snap profileSnapshot, took time.Duration) *ProfileStatus {
	p := &ProfileStatus{
		Time: now, Mode: snap.Mode, DurationSeconds: took.Seconds(), Goroutines: snap.Total,
		ByWaitClass:    make(map[WaitClass]int, len(waitClasses)),
		BlockedChannel: snap.BlockedChannel, LeakSuspects: snap.SuspectGoroutines,
		LeakSuspectSites: len(snap.Suspects), LeakedMarked: snap.Leaked, Truncated: snap.Truncated,
		Suspects: snap.Suspects,
	}
	for i, c := range waitClasses {
		p.ByWaitClass[c] = snap.ByClass[i]
	}
	if len(p.Suspects) > maxListedSuspects {
		p.Suspects = p.Suspects[:maxListedSuspects]
	}
	if p.Suspects == nil {
		p.Suspects = []Suspect{}
	}
	return p
}

// Status returns a copy of the current status.
func (g *Guard) Status() Status {
	g.mu.Lock()
	s := g.st
	g.mu.Unlock()
	s.DegradedResponses = g.shed.Load()
	// Profile, ProvenLeaks and the time pointers are replaced, never mutated, so sharing them is safe.
	return s
}
