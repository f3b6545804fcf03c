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
import { notebook06 } from "./06.js";
import { notebook07 } from "./07.js";
import { notebook08 } from "./08.js";
import { notebook09 } from "./09.js";
import { notebook10 } from "./10.js";
import { notebook11 } from "./11.js";
import { notebook12 } from "./12.js";

/** @internal the registry read by checkAnswer and assertAnswer. */
export const COURSE_EXERCISES: Readonly<Record<string, Exercise>> = Object.freeze({
  ...notebook00,
  ...notebook01,
  ...notebook02,
  ...notebook03,
  ...notebook04,
  ...notebook05,
  ...notebook06,
  ...notebook07,
  ...notebook08,
  ...notebook09,
  ...notebook10,
  ...notebook11,
  ...notebook12,
});
