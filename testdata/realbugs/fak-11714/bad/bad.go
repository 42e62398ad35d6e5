// Kernel reduced from anthony-chaudhary/fak#11714 "fix(control): eliminate lock inversion deadlock between
// Watchdog.mu and Manager.mu" (2026). Watchdog.IngestTelemetry holds w.mu and synchronously invokes the rollback
// callback, Manager.Rollback, which takes m.mu; Manager.Apply holds m.mu and calls Watchdog.StartEvaluation,
// which takes w.mu. Telemetry ingestion racing a configuration hot-swap deadlocks.
// Fix: invoke the callbacks after releasing w.mu.
package bad

import (
	"sync"
	"time"
)

type Watchdog struct {
	mu         sync.Mutex
	errors     int
	evaluating bool
	onRollback func()
}

func (w *Watchdog) IngestTelemetry(errRate int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.errors += errRate
	if w.errors > 3 {
		time.Sleep(20 * time.Millisecond)
		w.onRollback()
	}
}

func (w *Watchdog) StartEvaluation() {
	w.mu.Lock() // BLOCKS: mutex
	defer w.mu.Unlock()
	w.evaluating, w.errors = true, 0
}

type Manager struct {
	mu       sync.Mutex
	active   string
	previous string
	watchdog *Watchdog
}

func (m *Manager) Apply(cfg string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.previous, m.active = m.active, cfg
	time.Sleep(20 * time.Millisecond)
	m.watchdog.StartEvaluation()
}

func (m *Manager) Rollback() {
	m.mu.Lock() // BLOCKS: mutex
	defer m.mu.Unlock()
	m.active = m.previous
}

func Run() {
	m := &Manager{active: "v1", watchdog: &Watchdog{}}
	m.watchdog.onRollback = m.Rollback
	go m.Apply("v2")
	m.watchdog.IngestTelemetry(5)
}
