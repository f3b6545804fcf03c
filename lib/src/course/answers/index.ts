/**
 * Every notebook's answer file in one registry keyed by exercise id ("05.2"). Add a notebook's
 * file here when its exercises move to checkAnswer(id, ...).
 * @module
 */
import type { Exercise } from "../define.js";
import { notebook05 } from "./05.js";
import { notebook12 } from "./12.js";

/** @internal the registry read by checkAnswer and assertAnswer. */
export const COURSE_EXERCISES: Readonly<Record<string, Exercise>> = Object.freeze({
  ...notebook05,
  ...notebook12,
});
