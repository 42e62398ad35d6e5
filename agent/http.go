package guard

// HTTP surface: the status/metrics handler and the degrade switch (middleware).

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Handler serves the JSON status, and the Prometheus text exposition for any path ending in "/metrics". Mount it
// at both "/debug/goroutine-guard" and "/debug/goroutine-guard/" (the metrics are then at
// "/debug/goroutine-guard/metrics").
func (g *Guard) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		st := g.Status()
		if strings.HasSuffix(r.URL.Path, "/metrics") {
			w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
			_ = writeMetrics(w, &st)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(st)
	})
}

// Middleware is the degrade switch: while the Guard is degraded, requests get the configured degraded response,
// except health paths and passthrough prefixes, which reach next as usual.
func (g *Guard) Middleware(next http.Handler) http.Handler {
	retryAfter := ""
	if g.cfg.RetryAfter > 0 {
		secs := int64((g.cfg.RetryAfter + 999_999_999) / 1_000_000_000)
		retryAfter = strconv.FormatInt(secs, 10)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.degraded.Load() || g.passesThrough(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		g.shed.Add(1)
		h := w.Header()
		h.Set("Content-Type", g.cfg.DegradedContentType)
		h.Set("Cache-Control", "no-store")
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		w.WriteHeader(g.cfg.DegradedStatus)
		if r.Method != http.MethodHead {
			_, _ = io.WriteString(w, g.cfg.DegradedBody)
		}
	})
}

func (g *Guard) passesThrough(path string) bool {
	for _, p := range g.cfg.HealthPaths {
		if path == p {
			return true
		}
	}
	for _, p := range g.cfg.PassthroughPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
