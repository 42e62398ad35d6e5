// Fixed version of anthony-chaudhary/fak#11714: the rollback callback runs after w.mu is released, so only the
// order m.mu -> w.mu remains.
package fixed

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
	w.errors += errRate
	breach := w.errors > 3
	w.mu.Unlock()
	if breach {
		time.Sleep(20 * time.Millisecond)
		w.onRollback()
	}
}

func (w *Watchdog) StartEvaluation() {
	w.mu.Lock()
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
	m.mu.Lock()
	defer m.mu.Unlock()
	m.active = m.previous
}

func Run() {
	m := &Manager{active: "v1", watchdog: &Watchdog{}}
	m.watchdog.onRollback = m.Rollback
	go m.Apply("v2")
	m.watchdog.IngestTelemetry(5)
}
