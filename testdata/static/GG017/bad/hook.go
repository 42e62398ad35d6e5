package bad

import "sync"

// Store calls its change hook with its lock held. The hook is a View method stored as a func value, and it locks
// the view; View.Refresh locks the view, then reads the store: the opposite order, through a callback.
type Store struct {
	mu       sync.Mutex
	data     map[string]int
	onChange func()
}

func (s *Store) Set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	s.onChange()
}

func (s *Store) Get(k string) int {
	s.mu.Lock() // want GG017
	defer s.mu.Unlock()
	return s.data[k]
}

type View struct {
	mu    sync.Mutex
	store *Store
	cache int
}

func (v *View) invalidate() {
	v.mu.Lock() // want GG017
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
