// The edit generators by rule id: the patterns `fix` can patch mechanically. Everything else is reported as
// not addressable, with the catalogue's fix text for a person to apply.

import type { PatternId } from '../../model/index.js';
import { generate as gg001 } from './GG001.js';
import { generate as gg002 } from './GG002.js';
import { generate as gg003 } from './GG003.js';
import { generate as gg004 } from './GG004.js';
import { generate as gg005 } from './GG005.js';
import { generate as gg007 } from './GG007.js';
import { generate as gg008 } from './GG008.js';
import { generate as gg010 } from './GG010.js';
import { generate as gg012 } from './GG012.js';
import { generate as gg015 } from './GG015.js';
import { generate as gg016 } from './GG016.js';
import { generate as gg020 } from './GG020.js';
import type { EditGenerator } from './types.js';

export const GENERATORS: Readonly<Partial<Record<PatternId, EditGenerator>>> = {
  GG001: gg001,
  GG002: gg002,
  GG003: gg003,
  GG004: gg004,
  GG005: gg005,
  GG007: gg007,
  GG008: gg008,
  GG010: gg010,
  GG012: gg012,
  GG015: gg015,
  GG016: gg016,
  GG020: gg020,
};

export type { EditGenerator, EditInput } from './types.js';
