/**
 * The display bridge between mlem and a notebook running in the tslab kernel.
 *
 * tslab's public `display.raw` sends one mime type per output. A Plotly figure should arrive as one
 * display_data bundle holding both `application/vnd.plotly.v1+json` (rendered interactively by the
 * plotly labextension) and `text/plain` (alt text for screen readers, terminals and diffs). tslab
 * sends bundles through the internal `lastWriteDisplayData` hook of its `jupyter` module; this is the
 * only place in mlem that touches tslab internals (tslab is pinned exactly for that reason).
 * @module
 */
import { MlemError } from "../core/errors.js";
import { nodeRequire } from "#node-require";

/** One Jupyter display bundle: mime type → payload. */
export type MimeBundle = Record<string, unknown>;

/** Something that can send a display bundle to the notebook frontend. */
export type DisplayTransport = (bundle: MimeBundle) => void;

let transportOverride: DisplayTransport | null = null;

/**
 * Replaces the transport used by {@link displayBundle} (for tests, or to display outside tslab, for
 * example by printing JSON). Pass `null` to go back to the tslab kernel.
 * @example
 * const sent: MimeBundle[] = [];
 * setDisplayTransport((b) => sent.push(b));
 */
export function setDisplayTransport(transport: DisplayTransport | null): void {
  transportOverride = transport;
}

interface TslabJupyterModule {
  lastWriteDisplayData: ((msg: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void) | null;
}

function tslabTransport(): DisplayTransport {
  // Loaded at the first display, not at start-up: mlem loads fast, and works without tslab
  // installed and in browsers.
  const req = nodeRequire();
  if (!req) {
    throw new MlemError(
      "display: not running in Node (or in Node older than 20.16 through import), so there is no tslab " +
        "notebook kernel to display in. Call setDisplayTransport() to send figures elsewhere (in a web " +
        "page, for example, to Plotly.newPlot).",
    );
  }
  let mod: TslabJupyterModule;
  try {
    mod = req("tslab/dist/jupyter") as TslabJupyterModule;
  } catch {
    throw new MlemError(
      "display: tslab is not installed, so there is no notebook to display in. Run this inside the " +
        "TypeScript (tslab) kernel, or call setDisplayTransport() to send figures elsewhere.",
    );
  }
  const write = mod.lastWriteDisplayData;
  if (typeof write !== "function") {
    throw new MlemError(
      "display: not running inside a tslab kernel cell, so there is no notebook to display in. " +
        "Call this from a notebook cell, or use setDisplayTransport() to send figures elsewhere.",
    );
  }
  return (bundle) => write({ data: bundle, metadata: {}, transient: {} }, false);
}

/**
 * Sends one display_data message carrying every mime type in `bundle` at once.
 * @example
 * displayBundle({ "text/markdown": "**bold**", "text/plain": "bold" });
 */
export function displayBundle(bundle: MimeBundle): void {
  (transportOverride ?? tslabTransport())(bundle);
}
