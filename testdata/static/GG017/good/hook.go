package good

import "sync"

// Store calls its change hook after it unlocks, so the view lock is never taken under the store lock.
// (View.Refresh still locks the view, then the store: one order only.)
type Store struct {
	mu       sync.Mutex
	data     map[string]int
	onChange func()
}

func (s *Store) Set(k string, v int) {
	s.mu.Lock()
	s.data[k] = v
	s.mu.Unlock()
	s.onChange()
}

func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[k]
}

type View struct {
	mu    sync.Mutex
	store *Store
	cache int
}

func (v *View) invalidate() {
	v.mu.Lock()
	v.cache = -1
	v.mu.Unlock()
}

func (v *View) Refresh() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.cache = v.store.Get("a")
}

func (v *View) Store() *Store { return v.store }

func NewView() *View {
	s := &Store{data: map[string]int{}}
	v := &View{store: s}
	s.onChange = v.invalidate
	return v
}
