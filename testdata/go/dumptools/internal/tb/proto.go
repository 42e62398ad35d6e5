package tb

import (
	"errors"
	"sort"
)

// ProfileSummary is what the corpus asserts about a profile.proto goroutine profile.
type ProfileSummary struct {
	SampleTypes   []string       `json:"sampleTypes"` // "type/unit"
	Samples       int            `json:"samples"`
	Total         int64          `json:"total"` // sum of the first value of every sample
	LabelledSamps int            `json:"labelledSamples"`
	LabelKeys     []string       `json:"labelKeys,omitempty"`
	Locations     int            `json:"locations"`
	Functions     int            `json:"functions"`
	StateCounts   map[string]int `json:"goroutineStateLabel,omitempty"` // from a go::goroutine_state label
}

// DecodeProfile reads an uncompressed profile.proto with a minimal wire-format decoder
// (fields used: sample_type=1, sample=2, location=4, function=5, string_table=6).
func DecodeProfile(b []byte) (*ProfileSummary, error) {
	type vt struct{ typ, unit int64 }
	type label struct{ key, str int64 }
	type sample struct {
		values []int64
		labels []label
	}
	var (
		strs    []string
		types   []vt
		samples []sample
		locs    int
		funcs   int
	)
	err := walk(b, func(field int, wt int, v uint64, sub []byte) error {
		switch field {
		case 1:
			var t vt
			if err := walk(sub, func(f, _ int, v uint64, _ []byte) error {
				if f == 1 {
					t.typ = int64(v)
				} else if f == 2 {
					t.unit = int64(v)
				}
				return nil
			}); err != nil {
				return err
			}
			types = append(types, t)
		case 2:
			var s sample
			if err := walk(sub, func(f, wt int, v uint64, sub2 []byte) error {
				switch f {
				case 2:
					if wt == 2 {
						vals, err := packed(sub2)
						if err != nil {
							return err
						}
						for _, x := range vals {
							s.values = append(s.values, int64(x))
						}
					} else {
						s.values = append(s.values, int64(v))
					}
				case 3:
					var l label
					if err := walk(sub2, func(f, _ int, v uint64, _ []byte) error {
						if f == 1 {
							l.key = int64(v)
						} else if f == 2 {
							l.str = int64(v)
						}
						return nil
					}); err != nil {
						return err
					}
					s.labels = append(s.labels, l)
				}
				return nil
			}); err != nil {
				return err
			}
			samples = append(samples, s)
		case 4:
			locs++
		case 5:
			funcs++
		case 6:
			strs = append(strs, string(sub))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	str := func(i int64) string {
		if i >= 0 && int(i) < len(strs) {
			return strs[i]
		}
		return "?"
	}
	out := &ProfileSummary{Samples: len(samples), Locations: locs, Functions: funcs}
	for _, t := range types {
		out.SampleTypes = append(out.SampleTypes, str(t.typ)+"/"+str(t.unit))
	}
	keys := map[string]bool{}
	for _, s := range samples {
		if len(s.values) > 0 {
			out.Total += s.values[0]
		}
		if len(s.labels) > 0 {
			out.LabelledSamps++
		}
		for _, l := range s.labels {
			k := str(l.key)
			keys[k] = true
			if k == "go::goroutine_state" {
				if out.StateCounts == nil {
					out.StateCounts = map[string]int{}
				}
				out.StateCounts[str(l.str)]++
			}
		}
	}
	for k := range keys {
		out.LabelKeys = append(out.LabelKeys, k)
	}
	sort.Strings(out.LabelKeys)
	return out, nil
}

var errTruncated = errors.New("profile.proto: truncated")

func uvarint(b []byte) (uint64, int, error) {
	var x uint64
	for i := 0; i < len(b) && i < 10; i++ {
		x |= uint64(b[i]&0x7f) << (7 * uint(i))
		if b[i] < 0x80 {
			return x, i + 1, nil
		}
	}
	return 0, 0, errTruncated
}

func packed(b []byte) ([]uint64, error) {
	var out []uint64
	for len(b) > 0 {
		v, n, err := uvarint(b)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		b = b[n:]
	}
	return out, nil
}

// walk calls fn for each field of one message: varints with v set, length-delimited with sub.
func walk(b []byte, fn func(field, wiretype int, v uint64, sub []byte) error) error {
	for len(b) > 0 {
		key, n, err := uvarint(b)
		if err != nil {
			return err
		}
		b = b[n:]
		field, wt := int(key>>3), int(key&7)
		switch wt {
		case 0:
			v, n, err := uvarint(b)
			if err != nil {
				return err
			}
			b = b[n:]
			if err := fn(field, wt, v, nil); err != nil {
				return err
			}
		case 2:
			l, n, err := uvarint(b)
			if err != nil {
				return err
			}
			b = b[n:]
			if uint64(len(b)) < l {
				return errTruncated
			}
			if err := fn(field, wt, 0, b[:l]); err != nil {
				return err
			}
			b = b[l:]
		case 1:
			if len(b) < 8 {
				return errTruncated
			}
			b = b[8:]
		case 5:
			if len(b) < 4 {
				return errTruncated
			}
			b = b[4:]
		default:
			return errors.New("profile.proto: unsupported wire type")
		}
	}
	return nil
}
