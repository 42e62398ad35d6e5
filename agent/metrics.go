package guard

// Prometheus text exposition (format 0.0.4) of a Status, written by hand to stay dependency-free. Every family has
// HELP and TYPE lines; names follow client_golang conventions (base units, _total for counters, _ratio for shares).

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// MetricNames returns every metric family the Guard exposes, in exposition order. The wait-class, blocked-channel,
// suspect and profile families appear once a profile snapshot exists (Start takes one unless ProfileInterval < 0),
// goroutine_guard_proven_leaks once a goroutineleak check has run, the threshold gauges when enabled.
func MetricNames() []string { return append([]string(nil), metricNames...) }

// metricNames is the read-only list MetricNames copies.
var metricNames = []string{
	"goroutine_guard_goroutines",
	"goroutine_guard_growth_per_second",
	"goroutine_guard_parked_ratio",
	"goroutine_guard_goroutines_by_wait_class",
	"goroutine_guard_blocked_channel_goroutines",
	"goroutine_guard_leak_suspects",
	"goroutine_guard_leak_suspect_sites",
	"goroutine_guard_leak_profile_available",
	"goroutine_guard_proven_leaks",
	"goroutine_guard_breached",
	"goroutine_guard_consecutive_breaches",
	"goroutine_guard_degraded",
	"goroutine_guard_max_goroutines",
	"goroutine_guard_max_growth_per_second",
	"goroutine_guard_samples_total",
	"goroutine_guard_profile_samples_total",
	"goroutine_guard_profile_duration_seconds",
	"goroutine_guard_profile_timestamp_seconds",
	"goroutine_guard_dumps_written_total",
	"goroutine_guard_dump_errors_total",
	"goroutine_guard_degraded_responses_total",
}

type expo struct{ w *bufio.Writer }

// helpEscaper escapes HELP text as the format requires (backslash and newline only).
var helpEscaper = strings.NewReplacer(`\\`, `\\\\`, "\n", `\\n`)

func (e expo) family(name, typ, help string) {
	e.w.WriteString("# HELP " + name + " " + helpEscaper.Replace(help) + "\n# TYPE " + name + " " + typ + "\n")
}

func (e expo) value(name, labels string, v float64) {
	e.w.WriteString(name)
	if labels != "" {
		e.w.WriteString("{" + labels + "}")
	}
	e.w.WriteByte(' ')
	e.w.WriteString(formatValue(v))
	e.w.WriteByte('\n')
}

func (e expo) gauge(name, help string, v float64) {
	e.family(name, "gauge", help)
	e.value(name, "", v)
}

func (e expo) counter(name, help string, v uint64) {
	e.family(name, "counter", help)
	e.value(name, "", float64(v))
}

func formatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func writeMetrics(w io.Writer, st *Status) error {
	e := expo{bufio.NewWriter(w)}
	e.gauge("goroutine_guard_goroutines", "Goroutines alive at the last sample (runtime/metrics).",
		float64(st.Goroutines))
	e.gauge("goroutine_guard_growth_per_second", "Change in goroutines per second between the last two samples.",
		st.GrowthPerSecond)
	e.gauge("goroutine_guard_parked_ratio", "Share of goroutines waiting (not running, runnable or in a syscall).",
		st.ParkedRatio)
	if p := st.Profile; p != nil {
		e.family("goroutine_guard_goroutines_by_wait_class", "gauge",
			"Goroutines per wait class at the last goroutine-profile snapshot.")
		for _, c := range waitClasses {
			e.value("goroutine_guard_goroutines_by_wait_class", `class="`+string(c)+`"`, float64(p.ByWaitClass[c]))
		}
		e.gauge("goroutine_guard_blocked_channel_goroutines",
			"Goroutines parked in chan send, chan receive or select at the last snapshot.", float64(p.BlockedChannel))
		e.gauge("goroutine_guard_leak_suspects",
			"Goroutines at leak-suspect sites (many parked at one site, never-wakeable, or proven leaked).",
			float64(p.LeakSuspects))
		e.gauge("goroutine_guard_leak_suspect_sites", "Distinct leak-suspect sites at the last snapshot.",
			float64(p.LeakSuspectSites))
	}
	e.gauge("goroutine_guard_leak_profile_available", "1 if the runtime has the goroutineleak profile.",
		b2f(st.LeakProfileAvailable))
	if st.ProvenLeaks != nil {
		e.gauge("goroutine_guard_proven_leaks", "Goroutines the last goroutineleak check proved leaked.",
			float64(*st.ProvenLeaks))
	}
	e.gauge("goroutine_guard_breached", "1 if the last sample was over a threshold.", b2f(st.Breached))
	e.gauge("goroutine_guard_consecutive_breaches", "Consecutive samples over a threshold.",
		float64(st.ConsecutiveBreaches))
	e.gauge("goroutine_guard_degraded", "1 while the middleware serves the degraded response.", b2f(st.Degraded))
	if st.Thresholds.MaxGoroutines >= 0 {
		e.gauge("goroutine_guard_max_goroutines", "Goroutine threshold of the self-healing switch.",
			float64(st.Thresholds.MaxGoroutines))
	}
	if st.Thresholds.MaxGrowthPerSecond >= 0 {
		e.gauge("goroutine_guard_max_growth_per_second", "Growth threshold of the self-healing switch.",
			st.Thresholds.MaxGrowthPerSecond)
	}
	e.counter("goroutine_guard_samples_total", "Goroutine-count samples taken.", st.Samples)
	e.counter("goroutine_guard_profile_samples_total", "Goroutine-profile snapshots taken.", st.ProfileSamples)
	if p := st.Profile; p != nil {
		e.gauge("goroutine_guard_profile_duration_seconds",
			"Time the last goroutine-profile snapshot took (stacks copied while the world is stopped, then parsed).",
			p.DurationSeconds)
		e.gauge("goroutine_guard_profile_timestamp_seconds", "Unix time of the last goroutine-profile snapshot.",
			float64(p.Time.UnixNano())/1e9)
	}
	e.counter("goroutine_guard_dumps_written_total", "Breach dump sets written.", st.DumpsWritten)
	e.counter("goroutine_guard_dump_errors_total", "Breach dumps that failed (degraded mode was not entered).",
		st.DumpErrors)
	e.counter("goroutine_guard_degraded_responses_total", "Requests answered with the degraded response.",
		st.DegradedResponses)
	return e.w.Flush()
}
