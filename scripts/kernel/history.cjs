// The kernel's input history, for Jupyter's history_request (tslab 1.0.22 has none and logs
// "unknown msg_type: history_request" into the notebook instead of replying).
//
// JupyterLab asks for it from the console (`tail`, n = 500) and the inline completer (`tail`, and
// `search` with a glob pattern). Entries are [session, line, input] as in the Jupyter messaging spec;
// this kernel keeps no database across restarts, so every entry belongs to session 1, the current one.
// Only the most recent `capacity` inputs are kept, so a long-running kernel's memory stays bounded.
"use strict";

const SESSION = 1;

class InputHistory {
  /** @param {number} capacity how many of the latest inputs to keep */
  constructor(capacity = 1000) {
    this.capacity = capacity;
    this.entries = []; // [session, line, input], oldest first
    this.line = 0;
  }

  /** Record one executed input (an execute_request with store_history). */
  add(input) {
    this.line += 1;
    this.entries.push([SESSION, this.line, input]);
    if (this.entries.length > 2 * this.capacity) this.entries = this.entries.slice(-this.capacity);
  }

  /**
   * The content of a history_reply for the content of a history_request.
   * @param {{ hist_access_type?: string, n?: number, session?: number, start?: number, stop?: number,
   *           pattern?: string, unique?: boolean, output?: boolean }} request
   */
  reply(request) {
    const kept = this.entries.slice(-this.capacity);
    let history;
    switch (request.hist_access_type) {
      case "tail":
        history = lastN(kept, request.n);
        break;
      case "range": {
        // Session 0 means the current one; negative numbers count back to earlier sessions, of which
        // this kernel has none.
        const session = request.session ?? 0;
        const mine = session === 0 || session === SESSION;
        const start = request.start ?? 0;
        const stop = request.stop ?? Number.POSITIVE_INFINITY;
        history = mine ? kept.filter(([, line]) => line >= start && line < stop) : [];
        break;
      }
      case "search": {
        const match = globToRegExp(request.pattern ?? "*");
        let found = kept.filter(([, , input]) => match.test(input));
        if (request.unique) {
          const seen = new Set();
          found = found.reverse().filter(([, , input]) => !seen.has(input) && seen.add(input)).reverse();
        }
        history = lastN(found, request.n);
        break;
      }
      default:
        return { status: "error", ename: "ValueError", evalue: `unknown hist_access_type '${request.hist_access_type}'`, traceback: [], history: [] };
    }
    // With output: true a client wants [session, line, [input, output]]; this kernel keeps no outputs.
    if (request.output) history = history.map(([s, l, input]) => [s, l, [input, null]]);
    return { status: "ok", history };
  }
}

function lastN(entries, n) {
  return typeof n === "number" && n >= 0 ? entries.slice(Math.max(0, entries.length - n)) : entries;
}

// IPython's history search pattern: a glob where * is any run of characters and ? is one character.
function globToRegExp(pattern) {
  const body = [...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`);
}

module.exports = { InputHistory };
