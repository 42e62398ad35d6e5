package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// writeMarkdown prints one table row per file: the counted facts in short form.
func writeMarkdown(w io.Writer, files map[string]interface{}) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "| file | format | goroutines | states (count) | other facts |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, n := range names {
		switch f := files[n].(type) {
		case *TracebackFacts:
			fmt.Fprintf(w, "| `%s` | traceback | %d | %s | %s |\n", n, f.Goroutines, states(f.States), tracebackExtras(f))
		case *Debug1Facts:
			fmt.Fprintf(w, "| `%s` | debug=1 (%s) | %d | — | %d groups, %d labelled, largest %d × `%s` |\n",
				n, f.Header, f.Total, f.Groups, f.LabelledGroups, f.LargestGroup, f.LargestGroupTop)
		case protoFacts:
			extra := ""
			if len(f.LabelKeys) > 0 {
				extra = ", label keys " + strings.Join(f.LabelKeys, " ")
			}
			fmt.Fprintf(w, "| `%s` | proto %s | %d | — | %d samples, %d labelled%s |\n",
				n, strings.Join(f.SampleTypes, ","), f.Total, f.Samples, f.LabelledSamps, extra)
		case map[string]interface{}:
			var entries []string
			if es, ok := f["entries"].(map[string]interface{}); ok {
				for e := range es {
					entries = append(entries, e)
				}
			}
			sort.Strings(entries)
			fmt.Fprintf(w, "| `%s` | zip | — | — | entries: %s |\n", n, strings.Join(entries, ", "))
		}
	}
}

func states(m map[string]int) string {
	type kv struct {
		k string
		v int
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool {
		if l[i].v != l[j].v {
			return l[i].v > l[j].v
		}
		return l[i].k < l[j].k
	})
	var parts []string
	for _, x := range l {
		parts = append(parts, fmt.Sprintf("%s %d", x.k, x.v))
	}
	return strings.Join(parts, ", ")
}

func tracebackExtras(f *TracebackFacts) string {
	var p []string
	add := func(n int, s string) {
		if n > 0 {
			p = append(p, fmt.Sprintf("%d %s", n, s))
		}
	}
	add(f.Leaked, "(leaked)")
	add(f.WithMinutes, "with minutes")
	add(f.WithLabels, "with labels")
	add(f.LockedToThread, "locked")
	add(f.InBubble, "in bubble")
	add(f.Durable, "durable")
	add(f.SystemHeaders, "gp=/m= headers")
	add(f.Elided, "elided")
	add(f.WithAncestors, "with ancestors")
	p = append(p, fmt.Sprintf("%d created-by (%d with goroutine id)", f.WithCreatedBy, f.WithCreatorID))
	p = append(p, fmt.Sprintf("%d distinct stacks", f.DistinctStacks))
	if f.MaxLineLength > 1000 {
		p = append(p, fmt.Sprintf("longest line %d bytes", f.MaxLineLength))
	}
	return strings.Join(p, "; ")
}
