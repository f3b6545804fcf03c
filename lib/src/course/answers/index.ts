/**
 * Every notebook's answer file in one registry keyed by exercise id ("05.2"). Add a notebook's
 * file here when its exercises move to checkAnswer(id, ...).
 * @module
 */
import type { Exercise } from "../define.js";
import { notebook00 } from "./00.js";
import { notebook01 } from "./01.js";
import { notebook02 } from "./02.js";
import { notebook03 } from "./03.js";
import { notebook04 } from "./04.js";
import { notebook05 } from "./05.js";

/** @internal the registry read by checkAnswer and assertAnswer. */
export const COURSE_EXERCISES: Readonly<Record<string, Exercise>> = Object.freeze({
  ...notebook00,
  ...notebook01,
  ...notebook02,
  ...notebook03,
  ...notebook04,
  ...notebook05,
});
