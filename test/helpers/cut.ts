// Truncating a dump in a test: a cut at a plain byte offset may fall on a line end (a complete dump) or inside a pc
// offset (`+0x1` of `+0x1a` still reads as a complete line), so whether the result is "truncated" would depend on
// the live dump's byte layout. Cutting a few bytes into a `\tfile:line` line is always a cut line.

/** The first `frac` of a debug=2 dump, ending five bytes into the next `\tfile:line` line. */
export function cutInsideFileLine(text: Buffer, frac: number): Buffer {
  const at = text.indexOf('\n\t', Math.floor(text.length * frac));
  if (at < 0) throw new Error(`no file line after ${frac * 100} % of the dump`);
  return text.subarray(0, at + 5);
}

/**
 * The first `frac` of an uncompressed profile.proto, moved back one byte when the cut falls on a top-level field
 * boundary (such a prefix decodes cleanly and fails later, as an inconsistent profile, without a byte offset).
 */
export function cutInsideProtoField(raw: Buffer, frac: number): Buffer {
  const cut = Math.floor(raw.length * frac);
  let pos = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = raw[pos++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  while (pos < cut) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 2) {
      const len = varint(); // not `pos += varint()`: that adds to the position before the length was read
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`wire type ${wire} at byte ${pos}`);
    if (pos === cut) return raw.subarray(0, cut - 1);
  }
  return raw.subarray(0, cut);
}
