export function rng(seed: number): () => number;
export function mutate(original: Buffer, r: () => number): Buffer;
export function zipOf(name: string, data: Buffer): Buffer;
