package main

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"

	"example.com/dumptools/internal/tb"
)

// debug3 encodes goroutines as a goroutine profile.proto in the per-goroutine style some
// services emit (CockroachDB's "debug=3"): sample_type goroutine/count, one sample of value 1 per
// goroutine, labels go::goroutine (num), go::goroutine_state (str), go::goroutine_wait_minutes
// (num, when known) and go::goroutine_created_by (num, creator goroutine id, when known).
// Locations carry no addresses; lines come from the text dump.
func debug3(gs []*tb.Goroutine) []byte {
	strs := []string{""}
	strIdx := map[string]int{"": 0}
	str := func(s string) uint64 {
		if i, ok := strIdx[s]; ok {
			return uint64(i)
		}
		strIdx[s] = len(strs)
		strs = append(strs, s)
		return uint64(len(strs) - 1)
	}
	type fnKey struct{ name, file string }
	fnIDs := map[fnKey]uint64{}
	locIDs := map[string]uint64{}
	var fns, locs, samples [][]byte

	loc := func(frame string) uint64 {
		if id, ok := locIDs[frame]; ok {
			return id
		}
		sp := strings.LastIndex(frame, " ")
		name, fileLine := frame[:sp], frame[sp+1:]
		colon := strings.LastIndex(fileLine, ":")
		file := fileLine[:colon]
		line, _ := strconv.ParseInt(fileLine[colon+1:], 10, 64)
		k := fnKey{name, file}
		fid, ok := fnIDs[k]
		if !ok {
			fid = uint64(len(fns) + 1)
			fnIDs[k] = fid
			var f pb
			f.varint(1, fid)
			f.varint(2, str(name))
			f.varint(3, str(name))
			f.varint(4, str(file))
			fns = append(fns, f.Bytes())
		}
		id := uint64(len(locs) + 1)
		locIDs[frame] = id
		var ln pb
		ln.varint(1, fid)
		ln.varint(2, uint64(line))
		var l pb
		l.varint(1, id)
		l.bytes(4, ln.Bytes())
		locs = append(locs, l.Bytes())
		return id
	}
	label := func(key string, s string, num int64) []byte {
		var l pb
		l.varint(1, str(key))
		if s != "" {
			l.varint(2, str(s))
		} else {
			l.varint(3, uint64(num))
		}
		return l.Bytes()
	}

	for _, g := range gs {
		var s pb
		var ids pb
		for _, fr := range g.Frames {
			ids.raw(uvarint(loc(fr)))
		}
		s.bytes(1, ids.Bytes())
		s.bytes(2, uvarint(1))
		s.bytes(3, label("go::goroutine", "", g.ID))
		s.bytes(3, label("go::goroutine_state", g.State, 0))
		if g.Minutes >= 0 {
			s.bytes(3, label("go::goroutine_wait_minutes", "", int64(g.Minutes)))
		}
		if g.CreatorID >= 0 {
			s.bytes(3, label("go::goroutine_created_by", "", g.CreatorID))
		}
		for _, kv := range headerLabels(g.Labels) {
			s.bytes(3, label(kv[0], kv[1], 0))
		}
		samples = append(samples, s.Bytes())
	}

	var p pb
	var vt pb
	vt.varint(1, str("goroutine"))
	vt.varint(2, str("count"))
	p.bytes(1, vt.Bytes())
	for _, s := range samples {
		p.bytes(2, s)
	}
	for _, l := range locs {
		p.bytes(4, l)
	}
	for _, f := range fns {
		p.bytes(5, f)
	}
	var pt pb
	pt.varint(1, str("goroutine"))
	pt.varint(2, str("count"))
	p.bytes(11, pt.Bytes())
	p.varint(12, 1)
	for _, s := range strs {
		p.bytes(6, []byte(s))
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.ModTime = base
	zw.Write(p.Bytes())
	zw.Close()
	return gz.Bytes()
}

// headerLabels reads the Go 1.26 traceback label form, labels:{"k": "v", "k2": "v2"}
// (strconv-quoted keys and values).
func headerLabels(s string) [][2]string {
	s = strings.TrimPrefix(s, "labels:")
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	var out [][2]string
	for s != "" {
		k, rest, ok := unquotePrefix(s)
		if !ok || !strings.HasPrefix(rest, ": ") {
			return out
		}
		v, rest2, ok := unquotePrefix(rest[2:])
		if !ok {
			return out
		}
		out = append(out, [2]string{k, v})
		s = strings.TrimPrefix(rest2, ", ")
	}
	return out
}

func unquotePrefix(s string) (string, string, bool) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", s, false
	}
	v, err := strconv.Unquote(q)
	return v, s[len(q):], err == nil
}

// pb is a minimal protobuf writer.
type pb struct{ bytes.Buffer }

func uvarint(v uint64) []byte {
	var b []byte
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func (p *pb) raw(b []byte) { p.Write(b) }

func (p *pb) varint(field int, v uint64) {
	p.Write(uvarint(uint64(field)<<3 | 0))
	p.Write(uvarint(v))
}

func (p *pb) bytes(field int, b []byte) {
	p.Write(uvarint(uint64(field)<<3 | 2))
	p.Write(uvarint(uint64(len(b))))
	p.Write(b)
}
