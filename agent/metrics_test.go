package guard

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exposition is what the strict parser below extracts: per family its type, help and samples.
type exposition struct {
	order    []string
	types    map[string]string
	help     map[string]string
	samples  map[string][]float64 // by family
	bySeries map[string]float64   // "name{labels}" → value
}

var (
	metricNameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelNameRE  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// parseExposition is a strict reader of the Prometheus text format 0.0.4: it rejects anything the format does not
// allow and also what this agent promises never to emit (a family without HELP or TYPE, split families).
func parseExposition(text string) (*exposition, error) {
	e := &exposition{types: map[string]string{}, help: map[string]string{}, samples: map[string][]float64{},
		bySeries: map[string]float64{}}
	if text == "" || !strings.HasSuffix(text, "\n") {
		return nil, fmt.Errorf("exposition must end with a newline")
	}
	closed := map[string]bool{}
	current := ""
	enter := func(family string) error {
		if family == current {
			return nil
		}
		if closed[family] {
			return fmt.Errorf("family %s is split", family)
		}
		if current != "" {
			closed[current] = true
		}
		current = family
		e.order = append(e.order, family)
		return nil
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		n := i + 1
		switch {
		case line == "":
			return nil, fmt.Errorf("line %d: empty line", n)
		case strings.HasPrefix(line, "# HELP ") || strings.HasPrefix(line, "# TYPE "):
			parts := strings.SplitN(line[len("# HELP "):], " ", 2)
			if len(parts) != 2 || !metricNameRE.MatchString(parts[0]) {
				return nil, fmt.Errorf("line %d: bad %q", n, line)
			}
			name, rest := parts[0], parts[1]
			if err := enter(name); err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			if line[2] == 'H' {
				if _, dup := e.help[name]; dup {
					return nil, fmt.Errorf("line %d: second HELP for %s", n, name)
				}
				if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(rest, `\\`, ""), `\n`, ""), `\`) {
					return nil, fmt.Errorf("line %d: bad escape in HELP", n)
				}
				e.help[name] = rest
				continue
			}
			if _, dup := e.types[name]; dup {
				return nil, fmt.Errorf("line %d: second TYPE for %s", n, name)
			}
			if len(e.samples[name]) > 0 {
				return nil, fmt.Errorf("line %d: TYPE after samples of %s", n, name)
			}
			switch rest {
			case "counter", "gauge", "histogram", "summary", "untyped":
			default:
				return nil, fmt.Errorf("line %d: unknown type %q", n, rest)
			}
			e.types[name] = rest
		case strings.HasPrefix(line, "#"):
			// a plain comment
		default:
			name, labels, value, err := parseSample(line)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			if err := enter(name); err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			series := name + "{" + labels + "}"
			if _, dup := e.bySeries[series]; dup {
				return nil, fmt.Errorf("line %d: duplicate series %s", n, series)
			}
			e.bySeries[series] = value
			e.samples[name] = append(e.samples[name], value)
		}
	}
	for _, f := range e.order {
		if e.types[f] == "" || e.help[f] == "" || len(e.samples[f]) == 0 {
			return nil, fmt.Errorf("family %s lacks TYPE, HELP or samples", f)
		}
	}
	return e, nil
}

// parseSample reads `name{l="v",…} value [timestamp]` and returns the labels in canonical sorted-free form.
func parseSample(line string) (name, labels string, value float64, err error) {
	i := strings.IndexAny(line, "{ ")
	if i <= 0 {
		return "", "", 0, fmt.Errorf("no value in %q", line)
	}
	name, rest := line[:i], line[i:]
	if !metricNameRE.MatchString(name) {
		return "", "", 0, fmt.Errorf("bad metric name %q", name)
	}
	if rest[0] == '{' {
		rest = rest[1:]
		var pairs []string
		seen := map[string]bool{}
		for !strings.HasPrefix(rest, "}") {
			eq := strings.IndexByte(rest, '=')
			if eq <= 0 || !labelNameRE.MatchString(rest[:eq]) || seen[rest[:eq]] {
				return "", "", 0, fmt.Errorf("bad label in %q", line)
			}
			lname := rest[:eq]
			seen[lname] = true
			rest = rest[eq+1:]
			if !strings.HasPrefix(rest, `"`) {
				return "", "", 0, fmt.Errorf("unquoted label value in %q", line)
			}
			j, closed := 1, false
			for ; j < len(rest); j++ {
				if rest[j] == '\\' {
					if j+1 >= len(rest) || !strings.ContainsRune(`\"n`, rune(rest[j+1])) {
						return "", "", 0, fmt.Errorf("bad escape in %q", line)
					}
					j++
					continue
				}
				if rest[j] == '"' {
					closed = true
					break
				}
				if rest[j] == '\n' {
					break
				}
			}
			if !closed {
				return "", "", 0, fmt.Errorf("unterminated label value in %q", line)
			}
			pairs = append(pairs, lname+"="+rest[:j+1])
			rest = rest[j+1:]
			if strings.HasPrefix(rest, ",") {
				rest = rest[1:]
			} else if !strings.HasPrefix(rest, "}") {
				return "", "", 0, fmt.Errorf("bad label separator in %q", line)
			}
		}
		rest = rest[1:]
		labels = strings.Join(pairs, ",")
	}
	if !strings.HasPrefix(rest, " ") {
		return "", "", 0, fmt.Errorf("no space before the value in %q", line)
	}
	fields := strings.Split(rest[1:], " ")
	if len(fields) < 1 || len(fields) > 2 || fields[0] == "" {
		return "", "", 0, fmt.Errorf("bad value part in %q", line)
	}
	switch fields[0] {
	case "NaN":
		value = math.NaN()
	case "+Inf":
		value = math.Inf(1)
	case "-Inf":
		value = math.Inf(-1)
	default:
		if value, err = strconv.ParseFloat(fields[0], 64); err != nil {
			return "", "", 0, fmt.Errorf("bad value in %q", line)
		}
	}
	if len(fields) == 2 {
		if _, err := strconv.ParseInt(fields[1], 10, 64); err != nil {
			return "", "", 0, fmt.Errorf("bad timestamp in %q", line)
		}
	}
	return name, labels, value, nil
}

func TestStrictParserRejectsInvalidExpositions(t *testing.T) {
	bad := []string{
		"",
		"# HELP a x\n# TYPE a gauge\na 1",     // no final newline
		"# HELP a x\n# TYPE a gauge\na one\n", // bad value
		"# HELP a x\n# TYPE a gauge\na{b=\"1\" 1\n",                                        // unterminated labels
		"# HELP a x\n# TYPE a gauge\na{b=1} 1\n",                                           // unquoted label value
		"# HELP a x\n# TYPE a gauge\na 1\na 2\n",                                           // duplicate series
		"# HELP a x\n# TYPE a gauge\na 1\n# HELP b y\n# TYPE b gauge\nb 1\na{c=\"d\"} 2\n", // split family
		"# TYPE a gauge\na 1\n",                                                            // no HELP
		"# HELP a x\n# TYPE a gaugeish\na 1\n",                                             // unknown type
		"# HELP a x\n# TYPE a gauge\n1a 1\n",                                               // bad name
		"# HELP a x\n# TYPE a gauge\na{b=\"\\q\"} 1\n",                                     // bad escape
	}
	for _, text := range bad {
		if _, err := parseExposition(text); err == nil {
			t.Errorf("accepted invalid exposition %q", text)
		}
	}
	if _, err := parseExposition("# HELP a x\n# TYPE a gauge\na{b=\"\\\"q\\\\\"} +Inf 123\n"); err != nil {
		t.Errorf("rejected a valid exposition: %v", err)
	}
}

func TestMetricsExpositionIsValidAndComplete(t *testing.T) {
	g, err := Start(Config{Interval: time.Hour, LeakCheckInterval: -1, DumpDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Stop()
	st := g.Status()
	proven := 3
	st.ProvenLeaks = &proven // as after a goroutineleak check, so the optional family is checked too
	var buf bytes.Buffer
	if err := writeMetrics(&buf, &st); err != nil {
		t.Fatal(err)
	}
	e, err := parseExposition(buf.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if strings.Join(e.order, ",") != strings.Join(metricNames, ",") {
		t.Errorf("families %v\nwant %v", e.order, metricNames)
	}
	for _, f := range e.order {
		if !strings.HasPrefix(f, "goroutine_guard_") {
			t.Errorf("%s lacks the prefix", f)
		}
		if (e.types[f] == "counter") != strings.HasSuffix(f, "_total") {
			t.Errorf("%s is a %s", f, e.types[f])
		}
	}
	if len(e.samples["goroutine_guard_goroutines_by_wait_class"]) != len(waitClasses) {
		t.Errorf("wait classes: %v", e.samples["goroutine_guard_goroutines_by_wait_class"])
	}
	total := 0.0
	for _, c := range waitClasses {
		v, ok := e.bySeries[`goroutine_guard_goroutines_by_wait_class{class="`+string(c)+`"}`]
		if !ok {
			t.Errorf("no series for class %s", c)
		}
		total += v
	}
	if total != float64(st.Profile.Goroutines) || total < 1 {
		t.Errorf("classes add up to %v, profile saw %d", total, st.Profile.Goroutines)
	}
	if e.bySeries["goroutine_guard_goroutines{}"] != float64(st.Goroutines) ||
		e.bySeries["goroutine_guard_proven_leaks{}"] != 3 || e.bySeries["goroutine_guard_max_goroutines{}"] != 5000 ||
		e.bySeries["goroutine_guard_samples_total{}"] != 1 {
		t.Errorf("values: %v", e.bySeries)
	}
}
