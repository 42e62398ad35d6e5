// The trie of stack lines behind the traceback parser (traceback.ts). A goroutine's body (frames, elision markers,
// creator, with per-goroutine values already cut off) walks it from the root, one node per line; its stack is the
// node where it ends. Only a line never seen at that position becomes a string, and only a stack seen for the first
// time becomes `Frame` objects, shared (frozen) by every goroutine with that stack. Memory grows with the number of
// distinct stacks, not with the dump size.
//
// Children are found in one open-addressing table keyed by (parent, line): the line's hash is computed over the
// block's characters in place (no substring, no Map lookup), then a candidate is confirmed by comparing its text.

import { GuardError } from '../core/index.js';
import type { Frame } from '../model/index.js';
import { makeFrame, parseFileLine, splitFuncName } from './frame.js';
import { latin1ToUtf8 } from './lines.js';

export interface Stack {
  id: number;
  frames: readonly Frame[];
  createdBy?: Frame;
  elided: number;
}

/** One line at one depth of the trie. */
export interface TrieNode {
  /** The line (latin1: one char per byte) as it entered the trie; an owned string, never a slice of a block. */
  text: string;
  /** Position in `StackTrie.nodes`. */
  index: number;
  /** Hash of (parent, text). */
  hash: number;
  parent: TrieNode | undefined;
  stack: Stack | undefined;
  /**
   * On a file line: the frame it completes with its parent function line (or the creator, under a `created by`
   * line), parsed once for every stack through this node. Its arguments are those of the first goroutine seen.
   */
  frame: Frame | undefined;
}

/** Argument text of the current goroutine's n-th function line (UTF-8), when it has one. */
export type ArgsOf = (n: number) => string | undefined;

/** Trie nodes at most (as many as a V8 Map holds): a dump with more distinct (position, line) pairs is not a real one. */
export const MAX_NODES = 2 ** 24 - 1;
/** Distinct lines met on one hash before `StackTrie` stops sampling chars. */
const MAX_SAME_HASH = 16;

export class StackTrie {
  readonly root: TrieNode = { text: '', index: 0, hash: 0, parent: undefined, stack: undefined, frame: undefined };
  private readonly nodes: TrieNode[] = [this.root];
  /** Open addressing: node index per slot, 0 = empty (the root is never a child). */
  private table = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private stackCount = 0;
  /** Hash a sample of each line's chars (see `step`); false once that proved weak on this input. */
  private sampled = true;

  constructor(private readonly source: string) {}

  /** Distinct stacks built so far. */
  get stacks(): number {
    return this.stackCount;
  }

  /**
   * The child of `node` holding the line [s, e) of `t` (a latin1 block, `buf` its bytes), created when new.
   * `lineNo` and `offset` only name the place in the error when the trie is full.
   */
  step(node: TrieNode, t: string, s: number, e: number, buf: Buffer, lineNo: number, offset: number): TrieNode {
    const len = e - s;
    const h = this.hashOf(node, t, s, e);
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    let probes = 0;
    for (;;) {
      const k = table[slot]!;
      if (k === 0) break;
      const c = this.nodes[k]!;
      if (c.hash === h) {
        if (c.parent === node && c.text.length === len && t.startsWith(c.text, s)) return c;
        if (++probes === MAX_SAME_HASH && this.sampled) {
          // Many distinct lines agree on the sampled chars (a crafted input): hash every char from now on.
          this.sampled = false;
          this.rehash();
          return this.step(node, t, s, e, buf, lineNo, offset);
        }
      }
      slot = (slot + 1) & mask;
    }
    const index = this.nodes.length;
    if (index >= MAX_NODES) {
      throw new GuardError(
        'too-large',
        this.source,
        `more than ${MAX_NODES} distinct stack lines`,
        { line: lineNo, offset },
        'a goroutine dump whose goroutines share stack lines',
      );
    }
    // A new string, not a slice pinning the block.
    const child: TrieNode = {
      text: buf.toString('latin1', s, e),
      index,
      hash: h,
      parent: node,
      stack: undefined,
      frame: undefined,
    };
    this.nodes.push(child);
    table[slot] = index;
    if (index * 2 > mask) this.grow();
    return child;
  }

  /**
   * Hash of a line under `parent`. Lines under one parent mostly differ near their end (line numbers, offsets) or in
   * their name, so by default 16 chars spread over the line and the last 8 are hashed; a collision costs a compare,
   * and many distinct lines on one hash (a crafted input) switch to hashing every char.
   */
  private hashOf(parent: TrieNode, t: string, s: number, e: number): number {
    const len = e - s;
    let h = Math.imul(parent.index ^ Math.imul(len, 0x9e3779b9), 0x01000193);
    if (this.sampled) {
      const stride = (len >>> 4) + 1;
      for (let i = s; i < e; i += stride) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
      for (let i = e > s + 8 ? e - 8 : s; i < e; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
    } else for (let i = s; i < e; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
    return h ^ (h >>> 15);
  }

  /** Recomputes every node's hash (after `sampled` changed) and rebuilds the table. */
  private rehash(): void {
    for (let k = 1; k < this.nodes.length; k++) {
      const n = this.nodes[k]!;
      n.hash = this.hashOf(n.parent!, n.text, 0, n.text.length);
    }
    this.table.fill(0);
    this.grow(this.table.length);
  }

  private grow(size = this.table.length * 2): void {
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let k = 1; k < this.nodes.length; k++) {
      let slot = this.nodes[k]!.hash & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = k;
    }
    this.table = table;
    this.mask = mask;
  }

  /** The stack ending at `leaf`, built on its first goroutine (whose arguments `argsOf` gives). */
  stackAt(leaf: TrieNode, argsOf: ArgsOf): Stack {
    return (leaf.stack ??= this.buildStack(leaf, argsOf));
  }

  /**
   * Turns a trie path into frames; called once per distinct stack. A frame is parsed once per trie node and
   * shared by all stacks through that node (deep recursive stacks share most of their path).
   */
  private buildStack(leaf: TrieNode, argsOf: ArgsOf): Stack {
    const path: TrieNode[] = [];
    for (let n: TrieNode | undefined = leaf; n && n.parent; n = n.parent) path.push(n);
    path.reverse();
    const frames: Frame[] = [];
    let createdBy: Frame | undefined;
    let elided = 0;
    let argIdx = 0;
    for (let i = 0; i < path.length; i++) {
      const node = path[i]!;
      const text = node.text;
      if (text.startsWith('...')) {
        const m = /^\.\.\.(\d+) frames elided/.exec(text);
        elided += m ? Number(m[1]) : 1;
        continue;
      }
      const fileNode = path[i + 1]?.text.startsWith('\t') ? path[i + 1] : undefined;
      if (fileNode) i++;
      if (text.startsWith('created by ')) {
        createdBy = fileNode
          ? (fileNode.frame ??= frameOf(latin1ToUtf8(text.slice(11)), fileNode, undefined))
          : frameOf(latin1ToUtf8(text.slice(11)), undefined, undefined);
        continue;
      }
      const n = argIdx++;
      // A frame already built for this node keeps the arguments of the goroutine it was built for.
      const frame = fileNode
        ? (fileNode.frame ??= frameOf(latin1ToUtf8(text), fileNode, argsOf(n)))
        : frameOf(latin1ToUtf8(text), undefined, argsOf(n));
      frames.push(frame);
    }
    const stack: Stack = { id: this.stackCount++, frames: Object.freeze(frames), elided };
    if (createdBy) stack.createdBy = createdBy;
    return stack;
  }
}

/** A frozen frame from a function name, its file line and argument text. */
function frameOf(name: string, fileNode: TrieNode | undefined, args: string | undefined): Frame {
  const fl = fileNode ? parseFileLine(latin1ToUtf8(fileNode.text)) : undefined;
  const frame = makeFrame(splitFuncName(name), fl?.file ?? '', fl?.line ?? 0);
  if (fl?.pcOffset !== undefined) frame.pcOffset = fl.pcOffset;
  if (args !== undefined) {
    frame.args = args;
    // Inlined frames print `(...)` and no pc offset.
    if (args === '...' && fl?.pcOffset === undefined) frame.inlined = true;
  }
  return Object.freeze(frame);
}
