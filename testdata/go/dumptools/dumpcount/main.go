// Command dumpcount computes the expected facts of every dump under a corpus directory and
// prints them as JSON (testdata/dumps/expect.json). It is an independent counter for tests of the
// TypeScript parser: traceback text (debug=2, panics, SIGQUIT, runtime.Stack, test timeouts) is
// read by internal/tb line by line; debug=1 text by its "N @ 0x…" group lines; profile.proto by a
// minimal wire decoder. Derived log-wrapped variants are unwrapped by the exact transform that
// made them (see derive), nothing smarter.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"example.com/dumptools/internal/tb"
)

// TracebackFacts describes one traceback-text dump.
type TracebackFacts struct {
	Format              string         `json:"format"` // "traceback"
	Goroutines          int            `json:"goroutines"`
	States              map[string]int `json:"states"`    // State (markers stripped) -> goroutines
	RawStates           map[string]int `json:"rawStates"` // first bracket element as printed
	Leaked              int            `json:"leaked"`
	Durable             int            `json:"durable"`
	WithMinutes         int            `json:"withMinutes"`
	Minutes             map[string]int `json:"minutes,omitempty"` // "N" -> goroutines
	LockedToThread      int            `json:"lockedToThread"`
	InBubble            int            `json:"inBubble"`
	WithLabels          int            `json:"withLabels"`
	SystemHeaders       int            `json:"systemHeaders"` // gp=/m= present
	WithCreatedBy       int            `json:"withCreatedBy"`
	WithCreatorID       int            `json:"withCreatorId"` // "created by … in goroutine N"
	Elided              int            `json:"elided"`
	WithAncestors       int            `json:"withAncestors"`
	Frames              int            `json:"frames"`
	DistinctStacks      int            `json:"distinctStacks"`
	DistinctStateStacks int            `json:"distinctStateStacks"` // stack key + State
	MaxLineLength       int            `json:"maxLineLength"`
	TopSites            []Site         `json:"topSites"` // the 8 largest stack groups
}

// Site is one group of goroutines with the same stack key.
type Site struct {
	Count     int    `json:"count"`
	State     string `json:"state"` // most common State in the group
	TopFrame  string `json:"topFrame"`
	CreatedBy string `json:"createdBy,omitempty"`
}

// protoFacts describes one profile.proto.
type protoFacts struct {
	Format string `json:"format"`
	*tb.ProfileSummary
}

// Debug1Facts describes one debug=1 text profile.
type Debug1Facts struct {
	Format          string `json:"format"` // "debug1"
	Header          string `json:"header"`
	Total           int    `json:"total"`     // from the header line
	Groups          int    `json:"groups"`    // "N @ …" lines
	SumCounts       int    `json:"sumCounts"` // sum of N
	LabelledGroups  int    `json:"labelledGroups"`
	LargestGroup    int    `json:"largestGroup"`
	LargestGroupTop string `json:"largestGroupTopFrame"`
}

var (
	groupRe  = regexp.MustCompile(`^(\d+) @( 0x[0-9a-f]+)+$`)
	headerRe = regexp.MustCompile(`^(\S+) profile: total (\d+)$`)
	frameRe  = regexp.MustCompile(`^#\t0x[0-9a-f]+\t(\S+)`)
	criRe    = regexp.MustCompile(`^\S+ (?:stdout|stderr) [FP] `)
	journRe  = regexp.MustCompile(`^[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d \S+ [^\s\[]+\[\d+\]: `)
)

func main() {
	root := flag.String("root", "testdata/dumps", "corpus directory")
	repo := flag.String("repo", "", "repository root: extra file arguments are keyed by their path relative to it")
	markdown := flag.Bool("markdown", false, "print a Markdown table (MANIFEST.md) instead of JSON")
	flag.Parse()
	files := map[string]interface{}{}
	for _, extra := range flag.Args() {
		data, err := os.ReadFile(extra)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dumpcount:", err)
			os.Exit(1)
		}
		key := extra
		if *repo != "" {
			if rel, err := filepath.Rel(*repo, extra); err == nil {
				key = filepath.ToSlash(rel)
			}
		}
		f, err := describe(key, data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "dumpcount: %s: %v\n", key, err)
			os.Exit(1)
		}
		files[key] = f
	}
	err := filepath.Walk(*root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(*root, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := describe(rel, data)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		if f != nil {
			files[rel] = f
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dumpcount:", err)
		os.Exit(1)
	}
	if *markdown {
		writeMarkdown(os.Stdout, files)
		return
	}
	out := map[string]interface{}{
		"generatedBy": "testdata/go/dumptools/dumpcount (see testdata/dumps/generate.sh)",
		"definitions": map[string]string{
			"states":         "first element inside the header's [...] with ' (leaked)', ' (scan)' and ' (durable)' removed",
			"rawStates":      "first element inside the header's [...] exactly as printed",
			"distinctStacks": "distinct (frames as 'func file:line' without args/+0x/fp=, plus the created-by 'func file:line'); ids, states, labels and ancestors excluded",
			"frames":         "function lines with a file line, summed over goroutines (created-by and ancestor sections not counted)",
			"debug1":         "groups are 'N @ 0x…' lines; sumCounts must equal total",
			"proto":          "total = sum of value[0] over samples",
			"zip":            "each entry is described by the same rules as a file",
		},
		"files": files,
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "dumpcount:", err)
		os.Exit(1)
	}
}

func describe(name string, data []byte) (interface{}, error) {
	switch {
	case strings.HasSuffix(name, ".pb.gz"):
		raw, err := gunzip(data)
		if err != nil {
			return nil, err
		}
		s, err := tb.DecodeProfile(raw)
		if err != nil {
			return nil, err
		}
		return protoFacts{"proto", s}, nil
	case strings.HasSuffix(name, ".zip"):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, err
		}
		entries := map[string]interface{}{}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
			d, err := describe(f.Name, b)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			entries[f.Name] = d
		}
		return map[string]interface{}{"format": "zip", "entries": entries}, nil
	case strings.HasSuffix(name, ".txt.gz"):
		raw, err := gunzip(data)
		if err != nil {
			return nil, err
		}
		return describe(strings.TrimSuffix(name, ".gz"), raw)
	case strings.HasSuffix(name, ".debug1.txt"):
		return debug1(data), nil
	case strings.HasSuffix(name, ".txt"):
		return traceback(name, data)
	}
	return nil, nil // MANIFEST.md, expect.json, generate.sh …
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// unwrap undoes the log wrapping of the derived variants (see derive/main.go).
func unwrap(name string, data []byte) []byte {
	var re *regexp.Regexp
	switch {
	case strings.Contains(name, ".cri-log."):
		re = criRe
	case strings.Contains(name, ".journal."):
		re = journRe
	default:
		return data
	}
	var buf bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		buf.WriteString(re.ReplaceAllString(sc.Text(), ""))
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func traceback(name string, data []byte) (*TracebackFacts, error) {
	gs, maxLine, err := tb.Read(bytes.NewReader(unwrap(name, data)))
	if err != nil {
		return nil, err
	}
	f := &TracebackFacts{Format: "traceback", Goroutines: len(gs), States: map[string]int{},
		RawStates: map[string]int{}, MaxLineLength: maxLine}
	type group struct {
		n      int
		states map[string]int
		g      *tb.Goroutine
	}
	groups := map[string]*group{}
	stateStacks := map[string]bool{}
	for _, g := range gs {
		f.States[g.State]++
		f.RawStates[g.RawState]++
		if g.Leaked {
			f.Leaked++
		}
		if g.Durable {
			f.Durable++
		}
		if g.Minutes >= 0 {
			f.WithMinutes++
			if f.Minutes == nil {
				f.Minutes = map[string]int{}
			}
			f.Minutes[strconv.Itoa(g.Minutes)]++
		}
		if g.Locked {
			f.LockedToThread++
		}
		if g.Bubble != "" {
			f.InBubble++
		}
		if g.Labels != "" {
			f.WithLabels++
		}
		if g.SystemHdr {
			f.SystemHeaders++
		}
		if g.CreatedBy != "" {
			f.WithCreatedBy++
		}
		if g.CreatorID >= 0 {
			f.WithCreatorID++
		}
		if g.Elided != "" {
			f.Elided++
		}
		if g.Ancestors > 0 {
			f.WithAncestors++
		}
		f.Frames += len(g.Frames)
		k := g.StackKey()
		gr := groups[k]
		if gr == nil {
			gr = &group{states: map[string]int{}, g: g}
			groups[k] = gr
		}
		gr.n++
		gr.states[g.State]++
		stateStacks[g.State+"\n"+k] = true
	}
	f.DistinctStacks = len(groups)
	f.DistinctStateStacks = len(stateStacks)
	var sites []Site
	for _, gr := range groups {
		s := Site{Count: gr.n, CreatedBy: gr.g.CreatedBy}
		best := -1
		for st, n := range gr.states {
			if n > best || (n == best && st < s.State) {
				s.State, best = st, n
			}
		}
		if len(gr.g.Frames) > 0 {
			s.TopFrame = gr.g.Frames[0]
		}
		sites = append(sites, s)
	}
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].Count != sites[j].Count {
			return sites[i].Count > sites[j].Count
		}
		if sites[i].TopFrame != sites[j].TopFrame {
			return sites[i].TopFrame < sites[j].TopFrame
		}
		return sites[i].CreatedBy < sites[j].CreatedBy
	})
	if len(sites) > 8 {
		sites = sites[:8]
	}
	f.TopSites = sites
	if len(gs) == 0 {
		return nil, fmt.Errorf("no goroutine headers found")
	}
	return f, nil
}

func debug1(data []byte) *Debug1Facts {
	f := &Debug1Facts{Format: "debug1"}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	cur := 0
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if m := headerRe.FindStringSubmatch(line); m != nil {
			f.Header = m[1]
			f.Total, _ = strconv.Atoi(m[2])
			continue
		}
		if m := groupRe.FindStringSubmatch(line); m != nil {
			cur, _ = strconv.Atoi(m[1])
			f.Groups++
			f.SumCounts += cur
			if cur > f.LargestGroup {
				f.LargestGroup = cur
				f.LargestGroupTop = ""
			}
			continue
		}
		if strings.HasPrefix(line, "# labels: ") {
			f.LabelledGroups++
			continue
		}
		if m := frameRe.FindStringSubmatch(line); m != nil && cur == f.LargestGroup && f.LargestGroupTop == "" {
			f.LargestGroupTop = m[1]
		}
	}
	return f
}
