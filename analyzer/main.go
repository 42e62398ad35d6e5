// Command gg-analyzer is goroutine-guard's Go helper: one program, one JSON protocol (protocol/), subcommands.
//
//	gg-analyzer scan [-tests] [-rules GG016,GG017] [packages]   type-aware, interprocedural rules
//	gg-analyzer trace FILE|-                                     goroutine lifecycles from a runtime/trace file
//	gg-analyzer version                                          protocol and Go version
//
// It is built from source with the user's Go toolchain on first use (src/static/deep/build.ts) and run in the
// module to scan. Dependencies are vendored, so the build needs no network.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"goroutine-guard/analyzer/facts"
	"goroutine-guard/analyzer/protocol"
	"goroutine-guard/analyzer/rules"
	"goroutine-guard/analyzer/trace"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: gg-analyzer scan|trace|version [flags] [packages|file]")
	}
	switch os.Args[1] {
	case "scan":
		scan(os.Args[2:], os.Stdout)
	case "trace":
		readTrace(os.Args[2:], os.Stdout)
	case "version":
		write(os.Stdout, map[string]any{"protocol": protocol.Version, "goVersion": runtime.Version()})
	default:
		fail(fmt.Sprintf("unknown subcommand %q (want scan, trace or version)", os.Args[1]))
	}
}

func fail(msg string) {
	write(os.Stdout, protocol.ErrorOutput{Protocol: protocol.Version, Error: msg})
	os.Exit(2)
}

func write(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(os.Stderr, "gg-analyzer:", err)
		os.Exit(2)
	}
}

func scan(args []string, w io.Writer) {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	tests := fs.Bool("tests", false, "also analyse _test.go files")
	ruleList := fs.String("rules", "", "only these rules, comma-separated")
	if err := fs.Parse(args); err != nil {
		fail("scan: " + err.Error())
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	enabled := map[string]bool{}
	for _, id := range strings.Split(*ruleList, ",") {
		if id = strings.TrimSpace(id); id != "" {
			enabled[strings.ToUpper(id)] = true
		}
	}

	out := protocol.ScanOutput{Protocol: protocol.Version, Tool: "gg-analyzer", GoVersion: runtime.Version(), Findings: []protocol.Finding{}, Errors: []protocol.LoadError{}}
	t0 := time.Now()
	cfg := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: *tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		fail("loading packages: " + err.Error())
	}
	var good []*packages.Package
	seen := map[string]bool{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 || p.IllTyped || p.Types == nil {
			msg := "does not type-check"
			if len(p.Errors) > 0 {
				msg = p.Errors[0].Error()
			}
			out.Errors = append(out.Errors, protocol.LoadError{Package: p.PkgPath, Message: msg})
			continue
		}
		good = append(good, p)
		for _, f := range p.CompiledGoFiles {
			if !seen[f] {
				seen[f] = true
				out.Files++
			}
		}
		for _, f := range p.Syntax {
			if tf := p.Fset.File(f.Pos()); tf != nil {
				out.Lines += tf.LineCount()
			}
		}
	}
	out.Packages = len(good)
	out.Dirs = loadedDirs(pkgs)
	out.Timings.Load = time.Since(t0).Milliseconds()
	if len(good) == 0 {
		out.Timings.Load = time.Since(t0).Milliseconds()
		write(w, out)
		return
	}

	t1 := time.Now()
	prog, ssaPkgs := ssautil.Packages(good, ssa.InstantiateGenerics)
	buildAll(prog, ssaPkgs, &out)
	out.Timings.SSA = time.Since(t1).Milliseconds()

	t2 := time.Now()
	p := facts.NewProgram(prog, ssaPkgs)
	out.Findings = append(out.Findings, rules.Run(p, enabled)...)
	out.Timings.Rules = time.Since(t2).Milliseconds()
	write(w, out)
}

// loadedDirs lists the directories of the packages and everything they import, or nil when any of them has
// errors (an import that does not resolve names no directory, so the set would not cover what could fix it).
func loadedDirs(pkgs []*packages.Package) []string {
	seen := map[string]bool{}
	complete := true
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 || p.Dir == "" {
			complete = false
			return
		}
		seen[p.Dir] = true
	})
	if !complete {
		return nil
	}
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

// buildAll builds each package's function bodies; a package whose build panics (a construct this x/tools
// version does not know) is reported and left out.
func buildAll(prog *ssa.Program, pkgs []*ssa.Package, out *protocol.ScanOutput) {
	for i, pkg := range pkgs {
		if pkg == nil {
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					out.Errors = append(out.Errors, protocol.LoadError{Package: pkg.Pkg.Path(), Message: fmt.Sprintf("SSA build failed: %v", r)})
					pkgs[i] = nil
				}
			}()
			pkg.Build()
		}()
	}
	_ = prog
}

// readTrace reads one trace file ("-" = stdin) and writes a TraceOutput, or a TraceErrorOutput with exit code 3.
func readTrace(args []string, w io.Writer) {
	if len(args) != 1 {
		fail("usage: gg-analyzer trace FILE|-")
	}
	in := os.Stdin
	if args[0] != "-" {
		f, err := os.Open(args[0])
		if err != nil {
			fail("trace: " + err.Error())
		}
		defer f.Close()
		in = f
	}
	out, err := trace.Read(in)
	if err != nil {
		var te *trace.Error
		if !errors.As(err, &te) {
			te = &trace.Error{Msg: err.Error()}
		}
		write(w, protocol.TraceErrorOutput{Protocol: protocol.Version, Error: te.Msg, Offset: te.Offset})
		os.Exit(3)
	}
	write(w, out)
}
