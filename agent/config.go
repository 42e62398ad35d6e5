package guard

// Configuration of a Guard: the plain options struct, its defaults (all in withDefaults) and validation.

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Config is what Start accepts. The zero value of every field means "use the default" (listed per field and in
// docs/agent.md); a negative number disables what the field controls where that makes sense.
type Config struct {
	// Interval between goroutine-count samples (one runtime/metrics read, well under a microsecond). Default 5s.
	Interval time.Duration
	// ProfileInterval between goroutine-profile samples (wait classes, blocked channels, leak suspects). A profile
	// costs about a microsecond or two per goroutine, so it runs less often than Interval and is further spaced out
	// when it gets expensive (see ProfileBudget). Default 30s; negative disables periodic profiles.
	ProfileInterval time.Duration
	// ProfileBudget is the share of one core that periodic profiles may use: after a profile that took d, the next
	// one waits at least d/ProfileBudget — d*GOMAXPROCS/ProfileBudget for an exact profile, whose stop-the-world
	// pause idles every P. Default 0.005 (0.5 %).
	ProfileBudget float64
	// ExactProfileMax is the goroutine count up to which a profile sample reads runtime.Stack(all) text: exact wait
	// reasons, wait minutes and creators, but the world is stopped while it is written (about 1-2 µs per
	// goroutine). Above it the sample uses runtime.GoroutineProfile, collected concurrently, and infers the wait
	// from the top frames. Default 500; negative: always inferred.
	ExactProfileMax int
	// MaxProfileGoroutines skips profile samples above this many goroutines (a sample briefly holds about 300
	// bytes per goroutine). Default 200000; negative: no limit.
	MaxProfileGoroutines int
	// LeakCheckInterval between goroutineleak checks (a full GC cycle with leak detection) when the runtime has the
	// goroutineleak profile (Go 1.26 with GOEXPERIMENT=goroutineleakprofile, Go 1.27+). Default 5m; negative
	// disables periodic checks (a breach dump still runs one).
	LeakCheckInterval time.Duration

	// MaxGoroutines: a sample with more goroutines than this is a breach. Default 5000; negative disables.
	MaxGoroutines int
	// MaxGrowthPerSecond: a sample whose growth since the previous sample exceeds this is a breach. Default 50;
	// negative disables.
	MaxGrowthPerSecond float64
	// BreachesToDegrade consecutive breached samples trigger the dump and then the degraded mode. Default 3.
	BreachesToDegrade int
	// RecoverRatio and RecoverSamples are the hysteresis: degraded mode ends after RecoverSamples consecutive
	// samples with goroutines <= MaxGoroutines*RecoverRatio and growth <= MaxGrowthPerSecond*RecoverRatio.
	// Defaults 0.8 and 3.
	RecoverRatio   float64
	RecoverSamples int

	// LeakSuspectMin is how many goroutines parked in a leak-prone class (chan-send, chan-recv, select, sync) at
	// one site make that site a leak suspect. Never-wakeable states (nil chan, select with no cases) and GC-proven
	// leaks are suspects at any count. Default 10, the same as `goroutine-guard analyze --concentration`.
	LeakSuspectMin int
	// SuspectIgnore lists function-name prefixes whose sites are never leak suspects; it is appended to the default
	// ignore set (runtime., os/signal., net/http.(*Server).Serve, net/http.(*conn).serve, the database/sql
	// opener and cleaner, testing.).
	SuspectIgnore []string

	// DumpDir receives one sub-directory per breach dump (made absolute at Start). Default $TMPDIR/goroutine-guard.
	DumpDir string
	// KeepDumps is how many dump sets to keep (oldest removed first). Default 5.
	KeepDumps int

	// NoDegrade keeps the middleware passing everything through: breaches then only dump and call back.
	NoDegrade bool
	// DegradedStatus, DegradedBody and DegradedContentType make the degraded response. Defaults 503, a one-line
	// text body, text/plain.
	DegradedStatus      int
	DegradedBody        string
	DegradedContentType string
	// RetryAfter is sent as the Retry-After header of degraded responses, in whole seconds. Default 30s; negative
	// omits the header.
	RetryAfter time.Duration
	// HealthPaths are served normally while degraded (exact path match). Default /healthz /livez /readyz /health;
	// setting it replaces the default list.
	HealthPaths []string
	// PassthroughPrefixes are path prefixes served normally while degraded, so operators can still look inside.
	// Default /debug/goroutine-guard and /debug/pprof/; setting it replaces the default list.
	PassthroughPrefixes []string

	// OnBreach runs for every sample over a threshold; OnDegrade after the dump was written and degraded mode
	// began; OnRecover when it ended; OnDumpError when a dump failed (degraded mode is then NOT entered). They run
	// on the sampling goroutine: they must not block (start a goroutine for slow work).
	OnBreach    func(Event)
	OnDegrade   func(Event)
	OnRecover   func(Event)
	OnDumpError func(Event)

	// Clock is the time source; tests pass a fake one. Default: the real clock.
	Clock Clock
}

// defaultSuspectIgnore are stacks that park by design and are never a leak by themselves.
var defaultSuspectIgnore = []string{
	// The runtime's own workers (GC, finalizers, scavenger, timers) are classified "runtime" already; this catches
	// the rest of the runtime package (e.g. runtime.gopark reached without a user frame).
	"runtime.",
	// One per signal.Notify user, waits for signals forever.
	"os/signal.",
	// Accept loops and per-connection readers of servers: their number follows the listeners and live connections.
	"net/http.(*Server).Serve",
	"net/http.(*conn).serve",
	// database/sql keeps one opener/cleaner goroutine per *sql.DB.
	"database/sql.(*DB).connectionOpener",
	"database/sql.(*DB).connectionCleaner",
	// The test framework's own goroutines (tRunner waiting on subtests, the -timeout alarm).
	"testing.",
}

// Defaults, in one place. Thresholds follow the design notes (shared spec §5): > 5000 goroutines or > 50/s for
// 3 consecutive 5 s periods.
const (
	defaultInterval             = 5 * time.Second
	defaultProfileInterval      = 30 * time.Second
	defaultProfileBudget        = 0.005
	defaultExactProfileMax      = 500
	defaultMaxProfileGoroutines = 200000
	defaultLeakCheckInterval    = 5 * time.Minute
	defaultMaxGoroutines        = 5000
	defaultMaxGrowth            = 50
	defaultBreaches             = 3
	defaultRecoverRatio         = 0.8
	defaultRecoverSamples       = 3
	defaultLeakSuspectMin       = 10
	defaultKeepDumps            = 5
	defaultRetryAfter           = 30 * time.Second
	defaultDegradedBody         = "service degraded: too many goroutines, retry later\n"
)

func (c Config) withDefaults() Config {
	if c.Interval == 0 {
		c.Interval = defaultInterval
	}
	if c.ProfileInterval == 0 {
		c.ProfileInterval = defaultProfileInterval
	}
	if c.ProfileBudget == 0 {
		c.ProfileBudget = defaultProfileBudget
	}
	if c.ExactProfileMax == 0 {
		c.ExactProfileMax = defaultExactProfileMax
	}
	if c.MaxProfileGoroutines == 0 {
		c.MaxProfileGoroutines = defaultMaxProfileGoroutines
	}
	if c.LeakCheckInterval == 0 {
		c.LeakCheckInterval = defaultLeakCheckInterval
	}
	if c.MaxGoroutines == 0 {
		c.MaxGoroutines = defaultMaxGoroutines
	}
	if c.MaxGrowthPerSecond == 0 {
		c.MaxGrowthPerSecond = defaultMaxGrowth
	}
	if c.BreachesToDegrade == 0 {
		c.BreachesToDegrade = defaultBreaches
	}
	if c.RecoverRatio == 0 {
		c.RecoverRatio = defaultRecoverRatio
	}
	if c.RecoverSamples == 0 {
		c.RecoverSamples = defaultRecoverSamples
	}
	if c.LeakSuspectMin == 0 {
		c.LeakSuspectMin = defaultLeakSuspectMin
	}
	c.SuspectIgnore = append(append([]string(nil), defaultSuspectIgnore...), c.SuspectIgnore...)
	if c.DumpDir == "" {
		c.DumpDir = filepath.Join(os.TempDir(), "goroutine-guard")
	}
	if abs, err := filepath.Abs(c.DumpDir); err == nil {
		c.DumpDir = abs // status and callbacks name dumps by a path that does not depend on the working directory
	}
	if c.KeepDumps == 0 {
		c.KeepDumps = defaultKeepDumps
	}
	if c.DegradedStatus == 0 {
		c.DegradedStatus = http.StatusServiceUnavailable
	}
	if c.DegradedBody == "" {
		c.DegradedBody = defaultDegradedBody
	}
	if c.DegradedContentType == "" {
		c.DegradedContentType = "text/plain; charset=utf-8"
	}
	if c.RetryAfter == 0 {
		c.RetryAfter = defaultRetryAfter
	}
	if c.HealthPaths == nil {
		c.HealthPaths = []string{"/healthz", "/livez", "/readyz", "/health"}
	}
	if c.PassthroughPrefixes == nil {
		c.PassthroughPrefixes = []string{"/debug/goroutine-guard", "/debug/pprof/"}
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	return c
}

// validate rejects settings that cannot work, naming the field.
func (c Config) validate() error {
	switch {
	case c.Interval < time.Millisecond:
		return fmt.Errorf("goroutine-guard: Interval %v is below 1ms", c.Interval)
	case c.ProfileBudget <= 0 || c.ProfileBudget > 1:
		return fmt.Errorf("goroutine-guard: ProfileBudget %v is not in (0, 1]", c.ProfileBudget)
	case c.MaxGoroutines < 0 && c.MaxGrowthPerSecond < 0:
		return fmt.Errorf("goroutine-guard: MaxGoroutines and MaxGrowthPerSecond are both disabled")
	case c.BreachesToDegrade < 1:
		return fmt.Errorf("goroutine-guard: BreachesToDegrade %d is below 1", c.BreachesToDegrade)
	case c.RecoverRatio <= 0 || c.RecoverRatio > 1:
		return fmt.Errorf("goroutine-guard: RecoverRatio %v is not in (0, 1]", c.RecoverRatio)
	case c.RecoverSamples < 1:
		return fmt.Errorf("goroutine-guard: RecoverSamples %d is below 1", c.RecoverSamples)
	case c.LeakSuspectMin < 1:
		return fmt.Errorf("goroutine-guard: LeakSuspectMin %d is below 1", c.LeakSuspectMin)
	case c.KeepDumps < 1:
		return fmt.Errorf("goroutine-guard: KeepDumps %d is below 1", c.KeepDumps)
	case c.DegradedStatus < 100 || c.DegradedStatus > 999:
		return fmt.Errorf("goroutine-guard: DegradedStatus %d is not an HTTP status", c.DegradedStatus)
	}
	return nil
}
