// Package report prints one peer run as a JSON line that bench/parse/run.sh reads: the same fields for every
// tool, so the harness can put them side by side.
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// Result is one parse + bucket run of one tool over one file.
type Result struct {
	Tool       string  `json:"tool"`
	File       string  `json:"file"`
	Bytes      int64   `json:"bytes"`
	Goroutines int     `json:"goroutines"`
	Buckets    int     `json:"buckets"`
	Seconds    float64 `json:"seconds"`
	ParseSecs  float64 `json:"parseSeconds"`
	PeakRSSKiB int64   `json:"peakRssKiB"` // VmHWM of this process
	Errors     int     `json:"errors,omitempty"`
}

// Print fills the timing and memory fields and writes r to stdout.
func Print(r Result, start, parsed time.Time) {
	end := time.Now()
	r.Seconds = end.Sub(start).Seconds()
	r.ParseSecs = parsed.Sub(start).Seconds()
	if st, err := os.Stat(r.File); err == nil {
		r.Bytes = st.Size()
	}
	r.PeakRSSKiB = PeakRSSKiB()
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}

// PeakRSSKiB is VmHWM of this process: the kernel's high-water mark of resident memory.
func PeakRSSKiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var v int64
			_, _ = fmt.Sscanf(strings.TrimSpace(rest), "%d", &v)
			return v
		}
	}
	return -1
}
