package guard

// Breach dumps: one directory per breach holding the goroutine (debug=2), goroutineleak (when the runtime has it)
// and heap profiles plus meta.json. A set is written into a hidden temporary directory and renamed into place only
// when every file was written and synced, so a set that exists is complete; older sets are rotated out.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// dumpSetPrefix starts the name of every dump set; rotation only ever touches names with it.
const dumpSetPrefix = "goroutines-"

// dumpFile is one file of a set; write produces its content.
type dumpFile struct {
	name  string
	write func(io.Writer) error
}

type dumpWriter struct {
	dir  string
	keep int
}

// setName sorts by time: goroutines-20261126T031428.123Z-p4242-0001.
func setName(now time.Time, pid int, seq uint64) string {
	return fmt.Sprintf("%s%s-p%d-%04d", dumpSetPrefix, now.UTC().Format("20060102T150405.000Z"), pid, seq)
}

// write creates the set atomically and returns its final path. Files are written in order, so a profile that
// changes the runtime's state (the goroutineleak GC marks leaked goroutines) can come before one that shows it.
func (d dumpWriter) write(name string, files []dumpFile) (string, error) {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return "", fmt.Errorf("goroutine-guard: dump directory: %w", err)
	}
	tmp := filepath.Join(d.dir, ".tmp-"+name)
	final := filepath.Join(d.dir, name)
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return "", fmt.Errorf("goroutine-guard: dump directory: %w", err)
	}
	for _, f := range files {
		if err := writeFileSynced(filepath.Join(tmp, f.name), f.write); err != nil {
			_ = os.RemoveAll(tmp)
			return "", fmt.Errorf("goroutine-guard: writing %s: %w", f.name, err)
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		_ = os.RemoveAll(tmp)
		return "", fmt.Errorf("goroutine-guard: dump directory: %w", err)
	}
	syncDir(d.dir)
	d.rotate()
	return final, nil
}

func writeFileSynced(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes the rename durable where the platform allows it; failure is not worth failing the dump for.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}

// rotate removes the oldest complete sets beyond keep, and temporary sets left by a crash mid-write.
func (d dumpWriter) rotate() {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return
	}
	var sets []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case !e.IsDir():
		case strings.HasPrefix(name, dumpSetPrefix):
			sets = append(sets, name)
		case strings.HasPrefix(name, ".tmp-"+dumpSetPrefix):
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
				_ = os.RemoveAll(filepath.Join(d.dir, name))
			}
		}
	}
	sort.Strings(sets)
	for len(sets) > d.keep {
		_ = os.RemoveAll(filepath.Join(d.dir, sets[0]))
		sets = sets[1:]
	}
}
