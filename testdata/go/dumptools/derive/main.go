// Command derive writes the DERIVED corpus variants (testdata/dumps/derived/) from real dumps:
// log-wrapped copies, CRLF, a truncated copy, a zip bundle, a gzip copy and a "debug=3-style"
// profile.proto with one sample per goroutine. Every output is a deterministic function of its
// input (fixed timestamps, fixed zip/gzip headers), so regenerating from the same real dumps gives
// the same bytes. MANIFEST.md says for each output what it was made from and how.
package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"example.com/dumptools/internal/tb"
)

var base = time.Date(2026, 11, 26, 3, 18, 46, 0, time.UTC)

func main() {
	root := flag.String("root", "testdata/dumps", "corpus directory (reads go1.26/, go1.27/, go1.20/; writes derived/)")
	flag.Parse()
	d := &deriver{root: *root}
	d.run()
	if d.err != nil {
		fmt.Fprintln(os.Stderr, "derive:", d.err)
		os.Exit(1)
	}
}

type deriver struct {
	root string
	err  error
}

func (d *deriver) read(rel string) []byte {
	if d.err != nil {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(d.root, rel))
	if err != nil {
		d.err = err
	}
	return b
}

func (d *deriver) write(rel string, b []byte) {
	if d.err != nil {
		return
	}
	p := filepath.Join(d.root, "derived", rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		d.err = err
		return
	}
	d.err = os.WriteFile(p, b, 0o644)
}

func lines(b []byte) []string {
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func (d *deriver) run() {
	all26 := d.read("go1.26/all.debug2.txt")
	panic26 := d.read("go1.26/panic.txt")
	sigquit26 := d.read("go1.26/sigquit.txt")
	all27 := d.read("go1.27/all.debug2.txt")
	all20 := d.read("go1.20/all.debug2.txt")
	pb26 := d.read("go1.26/all.debug0.pb.gz")
	if d.err != nil {
		return
	}

	// Kubernetes CRI container log: "<RFC3339Nano> <stream> <F|P> <line>".
	var cri bytes.Buffer
	t := base
	for _, l := range []string{
		`{"level":"info","msg":"health check failed","attempt":1}`,
		`{"level":"info","msg":"health check failed","attempt":2}`,
		`{"level":"warn","msg":"health check failed","attempt":3}`,
	} {
		fmt.Fprintf(&cri, "%s stdout F %s\n", t.Format(time.RFC3339Nano), l)
		t = t.Add(1500 * time.Millisecond)
	}
	for _, l := range lines(panic26) {
		fmt.Fprintf(&cri, "%s stderr F %s\n", t.Format(time.RFC3339Nano), l)
		t = t.Add(time.Microsecond)
	}
	d.write("panic.cri-log.txt", cri.Bytes())

	// journald / syslog short format: "Mon DD HH:MM:SS host ident[pid]: line".
	var jr bytes.Buffer
	for i, l := range append([]string{"starting leakdemo", "listening on 127.0.0.1:8080"}, lines(sigquit26)...) {
		ts := base.Add(time.Duration(i) * time.Millisecond)
		fmt.Fprintf(&jr, "%s web-1 leakdemo[4242]: %s\n", ts.Format(time.Stamp), l)
	}
	d.write("sigquit.journal.txt", jr.Bytes())

	// A dump pasted between service log lines (standard library log format).
	var svc bytes.Buffer
	svc.WriteString("2026/11/26 03:18:40 server: listening on 127.0.0.1:8080\n")
	svc.WriteString("2026/11/26 03:18:45 server: goroutines=155, dumping stacks to the log\n")
	svc.Write(all26)
	svc.WriteString("2026/11/26 03:18:46 server: stack dump done\n")
	svc.WriteString("2026/11/26 03:18:47 http: Accept error: accept tcp 127.0.0.1:8080: too many open files; retrying in 5ms\n")
	d.write("all.in-service-log.txt", svc.Bytes())

	// CRLF line endings (a dump saved on Windows or sent through some ticketing tools).
	d.write("all.debug2.crlf.txt", bytes.ReplaceAll(all26, []byte("\n"), []byte("\r\n")))

	// Truncated: cut in the middle of the second line of the goroutine that starts closest to the
	// middle of the file (log size limit, killed writer).
	cut := truncateAt(all26)
	d.write("all.debug2.truncated.txt", all26[:cut])

	// A zip of several dumps, as support bundles ship them.
	d.write("bundle.zip", zipOf([]zipEntry{
		{"node-1/goroutine.debug2.txt", all26},
		{"node-2/goroutine.debug2.txt", all27},
		{"node-3/goroutine.debug2.txt", all20},
		{"node-1/goroutine.debug0.pb.gz", pb26},
	}))

	// gzip of a debug=2 text, fixed header.
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.ModTime = base
	zw.Write(all26)
	zw.Close()
	d.write("all.debug2.txt.gz", gz.Bytes())

	// "debug=3-style" protobuf: one sample per goroutine with go::goroutine* labels, made from
	// the dump that has wait minutes and pprof labels in its headers.
	minutes26 := d.read("go1.26/minutes.debug2.txt")
	if d.err != nil {
		return
	}
	gs, _, err := tb.Read(bytes.NewReader(minutes26))
	if err != nil {
		d.err = err
		return
	}
	d.write("all.debug3-style.pb.gz", debug3(gs))
}

// truncateAt returns a byte offset in the middle of the second line of the goroutine block that
// starts nearest the middle of the dump.
func truncateAt(b []byte) int {
	mid := len(b) / 2
	i := bytes.Index(b[mid:], []byte("\n\ngoroutine "))
	start := mid + i + 2
	first := bytes.IndexByte(b[start:], '\n') + start + 1 // end of the header line
	second := bytes.IndexByte(b[first:], '\n') + first
	return first + (second-first)/2
}

type zipEntry struct {
	name string
	data []byte
}

func zipOf(entries []zipEntry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: base}
		w, _ := zw.CreateHeader(h)
		w.Write(e.data)
	}
	zw.Close()
	return buf.Bytes()
}
